#if canImport(Glibc)
import Glibc
#endif

/// Starts each worker as a child process of this binary: `EXE worker --connect ENDPOINT
/// --queues QUEUE --id ID --concurrency N --parent-pid PID`, where EXE is the running binary
/// (``CurrentExecutable``), so a binary built with the DSL spawns workers that know its
/// Swift tasks, and PID is this process, so a worker stops when its scheduler is killed.
/// The default spawner of `updraft standalone`. With ``keyFiles`` (CURVE), `--server-key S
/// --key K` follow; without, `--insecure-plaintext` (the executor then serves plaintext).
public struct LocalWorkerSpawner: WorkerSpawner {
    /// The binary started (default: this one).
    public var executable: String
    /// Extra environment for the workers.
    public var environment: [String: String]
    /// The process the workers watch (`--parent-pid`): this one.
    public var parentPid: Int32 = getpid()
    /// The CURVE key files the workers get (nil: none; the executor then serves plaintext).
    public var keyFiles: SpawnKeyFiles?

    /// A spawner of `executable` (default: the running binary).
    public init(executable: String = CurrentExecutable.path, environment: [String: String] = [:]) {
        self.executable = executable
        self.environment = environment
    }

    /// `local`.
    public var kind: String { "local" }
    /// The child is the worker.
    public var processIsWorker: Bool { true }

    /// The command line for `request` (argv[0] = ``executable``).
    public func arguments(for request: SpawnRequest) -> [String] {
        [
            executable, "worker", "--connect", request.endpoint, "--queues", request.queue,
            "--id", request.workerID, "--concurrency", String(request.concurrency),
            "--parent-pid", String(parentPid),
        ] + (keyFiles?.arguments ?? ["--insecure-plaintext"])
    }

    /// Starts the child process.
    public func launch(_ request: SpawnRequest) throws(SpawnError) -> SpawnedProcess {
        do {
            return try SpawnedProcess.start(arguments(for: request), environment: environment)
        } catch {
            throw SpawnError("worker \(request.workerID): \(error.message)")
        }
    }
}
