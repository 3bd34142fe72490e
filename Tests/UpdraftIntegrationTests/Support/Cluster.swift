import Foundation
import UpdraftBrowser
import Synchronization
import UpdraftCore
import UpdraftStore

/// One test's Updraft deployment from real processes: a temporary folder with a home
/// and a DAG folder, an `updraft scheduler` whose executor and event bus listen on free
/// tcp://127.0.0.1 ports, and `updraft worker`s connecting to it. The test reads the
/// store (the same SQLite file) to check outcomes. `shutdown()` stops every process;
/// `diagnostics()` is what a failing test prints.
final class Cluster: Sendable {
    /// The temporary folder holding everything.
    let root: String
    /// The Updraft home (`--home`).
    let home: String
    /// The DAG folder (`--dags-folder`).
    let dagsFolder: String
    /// Where tasks write their evidence (pid files, timestamps).
    let scratch: String
    /// The executor's ROUTER endpoint.
    let executorEndpoint: String
    /// The event bus endpoint.
    let eventsEndpoint: String
    /// The store every process uses (`UPDRAFT_STORE`), when not the home's SQLite file.
    let storeURL: String?
    private let processes = Mutex<[ManagedProcess]>([])

    /// A fresh folder with `dags` (file name → YAML) written into the DAG folder. In the
    /// YAML, `SCRATCH` is replaced by the scratch folder's path.
    init(_ testName: String, dags: [String: String], storeURL: String? = nil) throws {
        self.storeURL = storeURL
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-it-\(testName)-\(UUID().uuidString.prefix(8))").path
        home = root + "/home"
        dagsFolder = root + "/dags"
        scratch = root + "/scratch"
        for folder in [home, dagsFolder, scratch, root + "/proc"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for (file, yaml) in dags {
            try Data(yaml.replacingOccurrences(of: "SCRATCH", with: scratch).utf8)
                .write(to: URL(fileURLWithPath: "\(dagsFolder)/\(file)"))
        }
        executorEndpoint = LoopbackPort.endpoint()
        eventsEndpoint = LoopbackPort.endpoint()
    }

    // MARK: processes

    /// Starts a process of the `updraft` binary; it is stopped by ``shutdown()``. A
    /// `standalone` given neither `--api-port` nor `--no-api` gets `--api-port 0`: its HTTP API
    /// is on by default at 8080, and tests running side by side must not fight over that port.
    @discardableResult
    func start(_ name: String, _ arguments: [String]) throws -> ManagedProcess {
        var arguments = arguments
        if arguments.first == "standalone", !arguments.contains("--api-port"), !arguments.contains("--no-api") {
            arguments += ["--api-port", "0"]
        }
        var environment = ["UPDRAFT_HOME": home]
        if let storeURL { environment["UPDRAFT_STORE"] = storeURL }
        let process = try ManagedProcess(name: name, arguments: arguments, folder: root + "/proc",
                                         environment: environment)
        processes.withLock { $0.append(process) }
        return process
    }

    /// Starts `updraft ARGS` inside the network namespace `namespace` (`ip netns exec`; see
    /// ``NetworkHosts``); stopped by ``shutdown()`` like the others.
    @discardableResult
    func start(_ name: String, inNamespace namespace: String, _ arguments: [String]) throws -> ManagedProcess {
        let process = try ManagedProcess(
            name: name, executable: NetworkHosts.ip, arguments: ["netns", "exec", namespace, UpdraftBinary.path] + arguments,
            folder: root + "/proc", environment: ["UPDRAFT_HOME": home])
        processes.withLock { $0.append(process) }
        return process
    }

    /// `updraft scheduler` on this cluster's home, DAG folder and endpoints.
    @discardableResult
    func startScheduler(name: String = "scheduler") throws -> ManagedProcess {
        try start(name, ["scheduler", "--home", home, "--dags-folder", dagsFolder,
                         "--executor-endpoint", executorEndpoint, "--events-endpoint", eventsEndpoint])
    }

    /// `updraft worker` connecting to the executor.
    @discardableResult
    func startWorker(id: String, queues: [String] = ["default"], concurrency: Int = 4) throws -> ManagedProcess {
        try start("worker-\(id)", ["worker", "--connect", executorEndpoint, "--queues", queues.joined(separator: ","),
                                   "--concurrency", String(concurrency), "--id", id])
    }

    /// Runs a CLI command to its end; returns (exit status, stdout, stderr).
    func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, out: String, err: String) {
        let process = try start("cli-\(arguments.prefix(2).joined(separator: "-"))", arguments)
        guard let status = await process.waitForExit(timeout: timeout) else {
            process.signal(SIGKILL)
            throw ClusterError("`updraft \(arguments.joined(separator: " "))` did not end within \(timeout)\n\(process.diagnostics)")
        }
        return (status, process.stdout, process.stderr)
    }

    /// Stops every process (SIGTERM, SIGKILL after a grace period) and removes the folder
    /// unless `keep` (a failed test keeps it for a look).
    func shutdown(keep: Bool = false) async {
        for process in processes.withLock({ $0 }).reversed() { await process.stop(grace: .seconds(3)) }
        if !keep { try? FileManager.default.removeItem(atPath: root) }
    }

    // MARK: store and waiting

    /// The cluster's store (a second connection to the scheduler's SQLite file).
    func store() throws -> SQLiteStore {
        try SQLiteStore(path: UpdraftHome.resolve(explicit: home).databasePath)
    }

    /// Polls `condition` every 100 ms until it returns a value; throws with `what` and
    /// the diagnostics when `timeout` passes first.
    func waitFor<T: Sendable>(_ what: String, timeout: Duration = .seconds(60),
                              _ condition: @Sendable () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                if let value = try await condition() { return value }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let why = lastError.map { " (last error: \($0))" } ?? ""
        throw ClusterError("timed out after \(timeout) waiting for \(what)\(why)\n\(await diagnostics())")
    }

    /// Waits until the scheduler has registered `dagId` in the store.
    func waitForDag(_ dagId: String, timeout: Duration = .seconds(60)) async throws {
        let store = try store()
        _ = try await waitFor("DAG \(dagId) registered in the store", timeout: timeout) {
            try await store.dags().contains { $0.dagId == dagId } ? true : nil
        }
    }

    /// Triggers `dagId` with the CLI and returns the run id.
    func trigger(_ dagId: String, conf: String? = nil) async throws -> String {
        var args = ["dags", "trigger", dagId, "--home", home, "--json"]
        if let conf { args += ["--conf", conf] }
        let result = try await run(args)
        guard result.status == 0, let data = result.out.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let runId = object["run_id"] as? String else {
            throw ClusterError("trigger of \(dagId) failed (exit \(result.status)): \(result.out) \(result.err)\n\(await diagnostics())")
        }
        return runId
    }

    /// Waits until the run ends; returns it.
    func waitForRun(_ dagId: String, _ runId: String, timeout: Duration = .seconds(90)) async throws -> DagRunRecord {
        let store = try store()
        return try await waitFor("run \(runId) of \(dagId) to end", timeout: timeout) {
            guard let run = try await store.dagRun(dagId: dagId, runId: runId), run.state.isFinished else { return nil }
            return run
        }
    }

    /// The task instances of a run, by task id (unmapped tasks).
    func taskInstances(_ dagId: String, _ runId: String) async throws -> [String: TaskInstanceRecord] {
        let records = try await store().taskInstances(dagId: dagId, runId: runId)
        return Dictionary(records.map { ($0.id.taskId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The log file of one try.
    func logFile(_ dagId: String, _ runId: String, _ taskId: String, try tryNumber: Int) -> String {
        UpdraftHome.resolve(explicit: home)
            .logFile(for: TaskInstanceID(dagId: dagId, runId: runId, taskId: taskId), tryNumber: tryNumber).path
    }

    /// Every process's command, status and output, then every task log file.
    func diagnostics() async -> String {
        var out = "===== cluster \(root)\n"
        for process in processes.withLock({ $0 }) { out += process.diagnostics + "\n" }
        if let files = FileManager.default.enumerator(atPath: home + "/logs") {
            for case let file as String in files where file.hasSuffix(".log") {
                let text = (try? String(contentsOfFile: "\(home)/logs/\(file)", encoding: .utf8)) ?? ""
                out += "----- log \(file):\n\(text.split(separator: "\n").suffix(30).joined(separator: "\n"))\n"
            }
        }
        if let store = try? store() {
            for run in (try? await store.activeDagRuns()) ?? [] {
                out += "----- active run \(run.dagId) \(run.runId) \(run.state.rawValue)\n"
                for ti in (try? await store.taskInstances(dagId: run.dagId, runId: run.runId)) ?? [] {
                    out += "  \(ti.id.taskId)[\(ti.id.mapIndex)] \(ti.state.rawValue) try \(ti.tryNumber) worker \(ti.workerId ?? "-") \(ti.errorMessage ?? "")\n"
                }
            }
        }
        return out
    }
}

/// A cluster step failed; the message carries the diagnostics.
struct ClusterError: Error, CustomStringConvertible {
    /// What failed, with diagnostics.
    var message: String
    init(_ message: String) { self.message = message }
    /// The message.
    var description: String { message }
}

/// Runs `body` with a fresh cluster and always shuts it down (keeping the folder when
/// the body throws, whose error carries the diagnostics).
func withCluster<T>(_ testName: String, dags: [String: String], storeURL: String? = nil,
                    _ body: (Cluster) async throws -> T) async throws -> T {
    let cluster = try Cluster(testName, dags: dags, storeURL: storeURL)
    do {
        let result = try await body(cluster)
        await cluster.shutdown()
        return result
    } catch {
        let diagnostics = await cluster.diagnostics()
        await cluster.shutdown(keep: true)
        if error is ClusterError { throw error }
        throw ClusterError("\(error)\n\(diagnostics)")
    }
}

extension Cluster {
    /// Throws (failing the test) with `message` and the diagnostics unless `condition`.
    func require(_ condition: Bool, _ message: @autoclosure () -> String) async throws {
        if !condition { throw ClusterError("check failed: \(message())\n\(await diagnostics())") }
    }
}
