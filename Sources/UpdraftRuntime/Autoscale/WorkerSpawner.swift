import Foundation

/// What an ``Autoscaler`` asks a spawner to start: one worker serving one queue.
public struct SpawnRequest: Sendable, Hashable {
    /// The id the worker must register with (`--id`): how the autoscaler recognises it.
    public var workerID: String
    /// The queue it serves (`--queues`).
    public var queue: String
    /// Its slots (`--concurrency`).
    public var concurrency: Int
    /// The executor endpoint it connects to (`--connect`), e.g. `tcp://127.0.0.1:7433`.
    public var endpoint: String

    /// A request.
    public init(workerID: String, queue: String, concurrency: Int, endpoint: String) {
        self.workerID = workerID
        self.queue = queue
        self.concurrency = concurrency
        self.endpoint = endpoint
    }
}

/// Starts workers for the ``Autoscaler``. Implementations: ``LocalWorkerSpawner`` (a child
/// `updraft worker` process of this binary) and ``CommandWorkerSpawner`` (a command
/// template, e.g. `ssh {host} updraft worker ...`).
///
/// `launch` must not block: start the process and return. The autoscaler then waits for
/// the worker's hello (up to the queue's registration deadline) and watches the process.
public protocol WorkerSpawner: Sendable {
    /// A short name for logs and stats (`local`, `command`).
    var kind: String { get }
    /// Whether the launched process is the worker itself, so its exit before registering
    /// is a failure even with status 0 (true for `local`; false for a command such as
    /// `kubectl run` that may exit 0 once the remote worker is on its way).
    var processIsWorker: Bool { get }
    /// Starts the process for `request`. Throws ``SpawnError`` when it cannot start.
    func launch(_ request: SpawnRequest) throws(SpawnError) -> SpawnedProcess
}

/// A spawn that could not start or did not give a registered worker.
public struct SpawnError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, naming the worker id and the reason.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// The absolute path of the running binary (`/proc/self/exe`, else `argv[0]` resolved
/// against the working folder): what ``LocalWorkerSpawner`` starts by default.
public enum CurrentExecutable {
    /// The path.
    public static var path: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        let argv0 = CommandLine.arguments.first ?? "updraft"
        if argv0.hasPrefix("/") { return argv0 }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(argv0).path
    }
}
