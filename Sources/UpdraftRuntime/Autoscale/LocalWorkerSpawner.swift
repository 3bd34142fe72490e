/// Starts each worker as a child process of this binary: `EXE worker --connect ENDPOINT
/// --queues QUEUE --id ID --concurrency N`, where EXE is the running binary
/// (``CurrentExecutable``), so a binary built with the DSL spawns workers that know its
/// Swift tasks. The default spawner of `updraft standalone`.
public struct LocalWorkerSpawner: WorkerSpawner {
    /// The binary started (default: this one).
    public var executable: String
    /// Extra environment for the workers.
    public var environment: [String: String]

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
        ]
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
