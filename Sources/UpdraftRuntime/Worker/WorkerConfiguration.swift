import Foundation
import UpdraftWire

/// How a ``Worker`` connects and how much it runs at once.
///
/// ```swift
/// var config = WorkerConfiguration(endpoint: "tcp://scheduler.internal:7811")
/// config.queues = ["default", "gpu"]
/// config.concurrency = 8
/// ```
public struct WorkerConfiguration: Sendable {
    /// The id the worker announces (`worker_hello.worker_id`) and its DEALER routing id.
    /// Default: `<hostname>-<pid>-<4 random hex digits>`.
    public var workerId: String
    /// The executor's ROUTER endpoint: `tcp://host:port`, `ipc://path` or `inproc://name`
    /// (inproc only when the executor shares this process's `MessageLoop` context).
    public var endpoint: String
    /// Queues this worker takes tasks from (Airflow: `--queues`).
    public var queues: [String] = ["default"]
    /// More executors to try in turn, after ``endpoint``, when the current one goes silent or
    /// leaves a hello unanswered: the standby schedulers of a PostgreSQL store (README
    /// "Running on several machines"). The worker serves one executor at a time and keeps
    /// its running tries while it moves (the new one adopts them); it kills them only once
    /// no executor has answered for ``heartbeatTimeout``, as with one endpoint.
    public var otherEndpoints: [String] = []
    /// Task instance tries run at once (Airflow: `worker_concurrency`).
    public var concurrency: Int = 4
    /// Largest `task_log_chunk.data`; longer output is split (at most 64 KiB, the protocol's limit).
    public var maxLogChunkBytes: Int = 16 * 1024
    /// Output is sent at least this often while a task writes (batches of log chunks).
    public var logFlushInterval: Duration = .milliseconds(50)
    /// Heartbeat interval used until the executor's welcome says otherwise.
    public var heartbeatInterval: Duration = .seconds(2)
    /// Silence after which the executor is lost, until the welcome says otherwise; also
    /// how long the worker waits for a welcome before it connects again.
    public var heartbeatTimeout: Duration = .seconds(10)
    /// After SIGTERM to a task's process group (timeout, cancel), SIGKILL follows this late.
    public var killGracePeriod: Duration = .seconds(5)
    /// The clock of heartbeats, the executor's silence, reconnect pauses and result
    /// retention (a ``ManualClock`` in tests).
    public var clock: any RuntimeClock = SystemClock()
    /// Free-form labels sent in the hello.
    public var labels: [String: String] = [:]
    /// Where per-try scratch folders (default cwd, `$UPDRAFT_XCOM` file) are made.
    public var scratchDirectory: String = NSTemporaryDirectory()
    /// The environment tasks start from (the dispatch adds to it). Default: this process's.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Kills the tasks' process groups if the worker's process dies (``ProcessGroupGuardian``);
    /// nil: none (the tasks of a worker killed with SIGKILL then run on).
    public var guardian: ProcessGroupGuardian?
    /// CURVE client settings (this worker's key pair and the executor's public key) for a
    /// tcp:// or ipc:// endpoint; nil: plain (an executor serving CURVE then never answers).
    public var curve: CurveSecurity?

    /// A configuration for `endpoint` with the defaults above.
    public init(
        endpoint: String, workerId: String? = nil, queues: [String] = ["default"], concurrency: Int = 4
    ) {
        self.endpoint = endpoint
        self.workerId = workerId ?? Self.defaultWorkerId()
        self.queues = queues
        self.concurrency = concurrency
    }

    /// `<hostname>-<pid>-<4 random hex digits>`.
    public static func defaultWorkerId() -> String {
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(HostIdentity.hostname)-\(getpid())-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }

    /// Checks every setting; throws one error listing all problems.
    public func validate() throws(WorkerError) {
        var problems: [String] = []
        if workerId.isEmpty { problems.append("worker id is empty") }
        if workerId.utf8.count > 255 { problems.append("worker id is longer than 255 bytes") }
        if queues.isEmpty { problems.append("queues is empty (give at least one)") }
        if queues.contains(where: \.isEmpty) { problems.append("queues has an empty name") }
        if concurrency < 1 || concurrency > 100_000 {
            problems.append("concurrency must be between 1 and 100000, got \(concurrency)")
        }
        if maxLogChunkBytes < 1 || maxLogChunkBytes > 64 * 1024 {
            problems.append("maxLogChunkBytes must be between 1 and 65536, got \(maxLogChunkBytes)")
        }
        if heartbeatInterval <= .zero || heartbeatTimeout <= heartbeatInterval {
            problems.append("heartbeat timeout must exceed the interval (> 0)")
        }
        if !problems.isEmpty {
            throw WorkerError(.invalidConfiguration, "invalid worker configuration: " + problems.joined(separator: "; "))
        }
        try Self.checkEndpoint(endpoint)
        for other in otherEndpoints { try Self.checkEndpoint(other) }
    }

    /// ``endpoint`` then ``otherEndpoints``, without repeats.
    public var endpoints: [String] {
        var seen: Set<String> = []
        return ([endpoint] + otherEndpoints).filter { seen.insert($0).inserted }
    }

    /// Checks that `endpoint` looks like `tcp://host:port`, `ipc://path` or `inproc://name`.
    public static func checkEndpoint(_ endpoint: String) throws(WorkerError) {
        let schemes = ["tcp://", "ipc://", "inproc://"]
        guard let scheme = schemes.first(where: endpoint.hasPrefix) else {
            throw WorkerError(
                .badEndpoint,
                "endpoint '\(endpoint)' must start with tcp://, ipc:// or inproc:// (e.g. tcp://127.0.0.1:7811)")
        }
        let rest = endpoint.dropFirst(scheme.count)
        guard !rest.isEmpty else { throw WorkerError(.badEndpoint, "endpoint '\(endpoint)' has nothing after \(scheme)") }
        if scheme == "tcp://" {
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                  (1...65_535).contains(port), colon != rest.startIndex
            else {
                throw WorkerError(.badEndpoint, "endpoint '\(endpoint)' needs host:port with a port 1-65535 (e.g. tcp://127.0.0.1:7811)")
            }
        }
    }
}
