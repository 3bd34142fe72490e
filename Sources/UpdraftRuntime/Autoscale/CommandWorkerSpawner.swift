import Synchronization

/// Starts each worker with a command template run by `/bin/sh -c`, so workers can start on
/// other machines with existing tools:
///
/// ```swift
/// let spawner = try CommandWorkerSpawner(
///     template: "ssh {host} updraft worker --connect {endpoint} --queues {queue} --id {worker_id}",
///     hosts: ["build1", "build2"])
/// ```
/// Placeholders: `{host}` (round-robin over `hosts`), `{endpoint}`, `{queue}`, `{worker_id}`,
/// `{concurrency}`, and with CURVE `{server_key}` / `{key}` (the key files' paths, also in the
/// command's environment as `UPDRAFT_SERVER_KEY` / `UPDRAFT_KEY`, which `updraft worker`
/// reads when `--server-key` / `--key` are not given). Without key files (an executor serving
/// plaintext) the environment has `UPDRAFT_INSECURE_PLAINTEXT=1` instead. Each value is shell-quoted when it holds anything but letters, digits
/// and `._:/@=,+-`, so a queue name from a DAG file cannot inject shell syntax.
/// The command may exit 0 before the worker registers (`kubectl run ...`): only a non-zero
/// exit, or no hello within the registration deadline, is a failed spawn.
public final class CommandWorkerSpawner: WorkerSpawner {
    /// The template.
    public let template: String
    /// Hosts for `{host}`, used in turn.
    public let hosts: [String]
    /// The CURVE key files the workers get (nil: none).
    public let keyFiles: SpawnKeyFiles?
    private let nextHost = Mutex(0)
    /// The placeholders a template may use.
    public static let placeholders = ["host", "endpoint", "queue", "worker_id", "concurrency", "server_key", "key"]

    /// A spawner for `template`. Throws ``SpawnError`` when the template is empty, names an
    /// unknown placeholder, or uses `{host}` with no hosts.
    public init(template: String, hosts: [String] = [], keyFiles: SpawnKeyFiles? = nil) throws(SpawnError) {
        let trimmed = template.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SpawnError("spawn command template is empty") }
        let used = Self.placeholderNames(in: template)
        if let unknown = used.first(where: { !Self.placeholders.contains($0) }) {
            throw SpawnError(
                "spawn command template names unknown placeholder {\(unknown)}; known: "
                    + Self.placeholders.map { "{\($0)}" }.joined(separator: ", "))
        }
        if used.contains("host") && hosts.isEmpty {
            throw SpawnError("spawn command template uses {host} but no hosts were given")
        }
        self.template = template
        self.hosts = hosts
        self.keyFiles = keyFiles
    }

    /// `command`.
    public var kind: String { "command" }
    /// The command may only start a remote worker and exit.
    public var processIsWorker: Bool { false }

    /// The command line for `request`, with `host` for `{host}`.
    public func render(_ request: SpawnRequest, host: String?) -> String {
        let values = [
            "host": host ?? "", "endpoint": request.endpoint, "queue": request.queue,
            "worker_id": request.workerID, "concurrency": String(request.concurrency),
            "server_key": keyFiles?.serverKey ?? "", "key": keyFiles?.key ?? "",
        ]
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name].map(Self.shellQuoted) ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// Runs the rendered template with `/bin/sh -c`.
    public func launch(_ request: SpawnRequest) throws(SpawnError) -> SpawnedProcess {
        let host: String? = hosts.isEmpty ? nil : nextHost.withLock { index in
            defer { index = (index + 1) % hosts.count }
            return hosts[index]
        }
        do {
            return try SpawnedProcess.start(["/bin/sh", "-c", render(request, host: host)], environment: keyFiles?.environment ?? SpawnKeyFiles.plaintextEnvironment)
        } catch {
            throw SpawnError("worker \(request.workerID): \(error.message)")
        }
    }

    static func placeholderNames(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    static func shellQuoted(_ value: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:/@=,+-")
        if !value.isEmpty && value.allSatisfy(safe.contains) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
