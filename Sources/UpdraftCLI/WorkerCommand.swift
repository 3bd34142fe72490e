import ArgumentParser
import Dispatch
import Foundation
import Logging
import UpdraftRuntime
import Synchronization
import UpdraftStore
import UpdraftWire

/// `updraft worker --connect ENDPOINT`: a worker process serving an executor over ZeroMQ.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run task instances for an executor (updraft scheduler / standalone) over ZeroMQ.",
        discussion: """
            Connects a DEALER socket to the executor's ROUTER endpoint, says hello with its \
            queues and concurrency, and runs what it is sent: bash commands (each in its own \
            process group), empty tasks, and the Swift closures built into this binary. Runs \
            until SIGINT/SIGTERM (first signal: finish running tries, then leave; second \
            signal: kill them) or until the executor says worker_shutdown. With --parent-pid \
            it also stops, killing its running tries, when that process exits (spawned \
            workers get it, so they never outlive a killed scheduler). tcp:// and ipc:// links \
            use CURVE: the scheduler's public key (--server-key) and this worker's secret key \
            (--key), by default those of the home (--home, $UPDRAFT_HOME, ~/.updraft), which is \
            how a scheduler's own spawned workers and workers on its home need no flags. Exit status 0 \
            when it stopped cleanly, 1 when the executor rejected it, 2 for a bad option.
            """
    )

    @Option(name: .long, help: ArgumentHelp(
        "The executor's endpoint, e.g. tcp://127.0.0.1:7811 (tcp://, ipc:// or inproc://). Repeat it for the "
        + "standby schedulers of a shared PostgreSQL store: the worker serves one at a time and moves to the next "
        + "when it stops answering, keeping its running tries.", valueName: "endpoint"))
    var connect: [String] = []

    @Option(name: .long, help: "Comma-separated queues to take tasks from.")
    var queues = "default"

    @Option(name: .long, help: "Task instances run at once (Airflow's worker_concurrency).")
    var concurrency = 4

    @Option(name: .long, help: "Worker id (default <hostname>-<pid>-<random>).")
    var id: String?

    @Option(name: .long, help: ArgumentHelp(
        "Stop, killing running tries, when process PID (this worker's parent) exits.", valueName: "pid"))
    var parentPid: Int32?

    @Option(help: ArgumentHelp("Home whose curve/ keys to use when --server-key/--key are not given (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "dir"))
    var home: String?

    @OptionGroup(title: "CURVE keys") var keys: ClientKeyOptions

    /// A guardian for this worker's task process groups, or nil (said on stderr) when it
    /// cannot start: then a SIGKILL of this worker leaves its tasks running.
    static func startGuardian(executable: String, io: CommandIO) -> ProcessGroupGuardian? {
        do {
            return try ProcessGroupGuardian.start(executable: executable)
        } catch {
            io.err("warning: \(error): the tasks of this worker would outlive it if it were killed")
            return nil
        }
    }

    /// The configuration the options describe.
    func workerConfiguration() -> WorkerConfiguration {
        let queueList = queues.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var configuration = WorkerConfiguration(endpoint: connect.first ?? "", workerId: id, queues: queueList,
                                                concurrency: concurrency)
        configuration.otherEndpoints = Array(connect.dropFirst())
        return configuration
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, guardianExecutable: ProcessGroupGuardian.defaultExecutable))
    }

    /// Runs the worker until it stops; returns the exit code. Its tasks' process groups are
    /// guarded by a ``ProcessGroupGuardian`` started from `guardianExecutable` (the `updraft`
    /// binary; nil: none, as in tests that run the command inside their own process).
    func execute(io: CommandIO, guardianExecutable: String? = nil) async throws -> Int32 {
        guard !connect.isEmpty else {
            io.err("error: --connect ENDPOINT is required (the executor's endpoint, e.g. tcp://127.0.0.1:7811)")
            return 2
        }
        var checked = workerConfiguration()
        do throws(WorkerError) {
            try checked.validate()
        } catch {
            io.err("error: \(error.message)")
            return 2
        }
        if let parentPid, parentPid <= 1 {
            io.err("error: --parent-pid must be a process id above 1, got \(parentPid)")
            return 2
        }
        // A spawned worker's stdout and stderr are pipes to its scheduler: once that is gone a
        // write must fail with EPIPE, not kill the worker with SIGPIPE before it has killed
        // its tries.
        signal(SIGPIPE, SIG_IGN)
        do throws(CurveKeyError) {
            let explicit = home != nil || !(ProcessInfo.processInfo.environment["UPDRAFT_HOME"] ?? "").isEmpty
            checked.curve = try keys.curve(for: connect[0], home: UpdraftHome.resolve(explicit: home), homeIsExplicit: explicit)
        } catch {
            io.err("error: \(error.message)")
            return 2
        }
        if let guardianExecutable { checked.guardian = Self.startGuardian(executable: guardianExecutable, io: io) }
        let configuration = checked
        let loop = MessageLoop(name: "updraft-worker")
        let worker = Worker(
            configuration: configuration, loop: loop, swiftTasks: .from(dags: CodeDagRegistry.dags),
            logger: Logger(label: "updraft.worker"))
        let signals = StopSignals { graceful in
            // Unstructured: the signal handler is synchronous; the stop hops onto the worker.
            Task { await worker.stop(graceful: graceful) }
        }
        defer { signals.cancel() }
        // Killed tries, as when the executor is lost: the scheduler that spawned this worker
        // is gone, and the next one will retry what was running.
        let orphaned = parentPid.map { pid in
            ParentProcessWatch.start(parent: pid) { [io] in
                await worker.stop(graceful: false)
                io.err("worker \(configuration.workerId): parent process \(pid) exited; stopping, running tries killed")
            }
        }
        defer { orphaned?.cancel() }
        io.err("worker \(configuration.workerId): connecting to \(configuration.endpoints.joined(separator: " then ")), queues \(configuration.queues.joined(separator: ",")), concurrency \(configuration.concurrency)\(configuration.curve == nil && !connect[0].hasPrefix("inproc://") ? " (insecure plaintext)" : "")")
        do {
            try await worker.run()
        } catch let error as WorkerError {
            await loop.shutdown()
            io.err("error: \(error.message)")
            return error.code == .rejected ? 1 : 2
        }
        await loop.shutdown()
        return 0
    }
}

/// SIGINT/SIGTERM handling for long-running commands: the first signal asks for a
/// graceful stop, the second for an immediate one. Uses DispatchSource signal sources
/// (the default handlers are ignored while it is active, restored by `cancel()`).
final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    /// Calls `stop(true)` on the first SIGINT or SIGTERM, `stop(false)` on any later one.
    init(_ stop: @escaping @Sendable (_ graceful: Bool) -> Void) {
        let queue = DispatchQueue(label: "updraft.signals")
        let count = SignalCount()
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { stop(count.next() == 1) }
            source.resume()
            return source
        }
    }

    /// Stops listening and restores the default handlers.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// Counts the signals received.
private final class SignalCount: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
