import Foundation
import Logging
import Synchronization
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// A stand-in for the executor in worker tests: a ROUTER port that records every
/// message workers send and lets the test answer them.
final class WorkerTestExecutor: Sendable {
    let port: WirePort<UpdraftCodec>
    private let recorder = Recorder()
    private let reader: Task<Void, Never>

    /// What the port received, behind a lock.
    private final class Recorder: Sendable {
        let envelopes = Mutex<[Envelope<UpdraftMessage>]>([])
    }

    /// Binds a ROUTER on `endpoint` through `loop` and starts recording.
    init(loop: MessageLoop, endpoint: String) async throws {
        port = try await loop.bind(.router, endpoint, codec: UpdraftCodec())
        let port = self.port
        let recorder = self.recorder
        reader = Task {
            for await batch in port.inbox { recorder.envelopes.withLock { $0.append(contentsOf: batch) } }
        }
    }

    /// Binds `endpoint` again after another port released it (libzmq frees a tcp port
    /// asynchronously after close), retrying for up to 30 s (a loaded machine).
    static func bindRetrying(loop: MessageLoop, endpoint: String) async throws -> WorkerTestExecutor {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                return try await WorkerTestExecutor(loop: loop, endpoint: endpoint)
            } catch {
                guard ContinuousClock.now < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// The resolved endpoint (tcp ports picked by `*` included).
    var endpoint: String { get async { await port.endpoint } }

    /// Every message received so far.
    var messages: [UpdraftMessage] { recorder.envelopes.withLock { $0.map(\.message) } }

    /// The peer of the last hello.
    var workerPeer: PeerID? {
        recorder.envelopes.withLock { envelopes in
            envelopes.last { envelope in
                if case .workerHello = envelope.message { true } else { false }
            }?.peer
        }
    }

    /// Waits (up to `timeout`) until `match` finds something in the messages received so far.
    func waitFor<T>(
        _ what: String, timeout: Duration = .seconds(20), _ match: ([UpdraftMessage]) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = match(messages) { return found }
            guard ContinuousClock.now < deadline else {
                throw WorkerTestFailure("timed out waiting for \(what); received: \(messages.map(\.kind.name))")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits for a hello (the `n`th, counting from 1), answers it with a welcome.
    @discardableResult
    func welcome(nth: Int = 1, intervalMs: UInt32 = 2000, timeoutMs: UInt32 = 10_000) async throws -> WireWorkerHello {
        let hello = try await waitFor("hello #\(nth)") { messages in
            let hellos = messages.compactMap { if case .workerHello(let h) = $0 { h } else { nil } }
            return hellos.count >= nth ? hellos[nth - 1] : nil
        }
        try await send(.workerWelcome(.with {
            $0.workerID = hello.workerID
            $0.protocolVersion = 1
            $0.heartbeatIntervalMs = intervalMs
            $0.heartbeatTimeoutMs = timeoutMs
            $0.executorID = "fake-executor"
        }))
        return hello
    }

    /// Sends `message` to the worker that said hello last.
    func send(_ message: UpdraftMessage) async throws {
        guard let peer = workerPeer else { throw WorkerTestFailure("no worker has said hello") }
        try await port.send(message, to: peer)
    }

    /// The finished message for `key`, once it comes.
    func finished(_ key: WireTaskInstanceKey, timeout: Duration = .seconds(20)) async throws -> WireTaskFinished {
        try await waitFor("task_finished for \(key.taskID)", timeout: timeout) { messages in
            messages.lazy.compactMap { if case .taskFinished(let f) = $0, f.key == key { f } else { nil } }.first
        }
    }

    /// The started message for `key`, once it comes.
    func started(_ key: WireTaskInstanceKey) async throws -> WireTaskStarted {
        try await waitFor("task_started for \(key.taskID)") { messages in
            messages.lazy.compactMap { if case .taskStarted(let s) = $0, s.key == key { s } else { nil } }.first
        }
    }

    /// Every log chunk of `key` on `stream`, in arrival order.
    func logChunks(_ key: WireTaskInstanceKey, _ stream: WireTaskLogChunk.Stream) -> [WireTaskLogChunk] {
        messages.compactMap { if case .taskLogChunk(let c) = $0, c.key == key, c.stream == stream { c } else { nil } }
    }

    /// Stops recording and closes the port.
    func close() async {
        reader.cancel()
        await port.close()
    }
}

/// A test failure with a sentence.
struct WorkerTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A worker, its loop and a fake executor wired together for one test.
struct WorkerHarness {
    let loop: MessageLoop
    let executor: WorkerTestExecutor
    let worker: Worker
    let running: Task<Void, any Error>

    /// Starts an executor on `endpoint` (an inproc name gets a unique suffix) and a worker connected to it.
    static func start(
        endpoint: String = "inproc://worker-test", concurrency: Int = 4,
        swiftTasks: SwiftTaskRegistry = SwiftTaskRegistry(),
        configure: (inout WorkerConfiguration) -> Void = { _ in }
    ) async throws -> WorkerHarness {
        let loop = MessageLoop(name: "worker-test")
        let bindAt = endpoint.hasPrefix("inproc://") ? "\(endpoint)-\(UUID().uuidString)" : endpoint
        let executor = try await WorkerTestExecutor(loop: loop, endpoint: bindAt)
        var configuration = WorkerConfiguration(endpoint: await executor.endpoint, workerId: "w-\(UUID().uuidString.prefix(8))", concurrency: concurrency)
        configuration.killGracePeriod = .seconds(2)
        configure(&configuration)
        var logger = Logger(label: "test.worker")
        logger.logLevel = .critical
        let worker = Worker(configuration: configuration, loop: loop, swiftTasks: swiftTasks, logger: logger)
        let running = Task { try await worker.run() }
        return WorkerHarness(loop: loop, executor: executor, worker: worker, running: running)
    }

    /// Stops the worker (killing what runs), waits for `run()` to return, closes everything.
    func stop() async {
        await worker.stop(graceful: false)
        _ = await running.result
        await executor.close()
        await loop.shutdown()
    }
}

/// Builders for dispatches.
enum WorkerDispatches {
    static func key(_ taskId: String, mapIndex: Int32 = -1, tryNumber: UInt32 = 1) -> WireTaskInstanceKey {
        .with {
            $0.dagID = "dag"
            $0.runID = "manual__2026-11-30T00:00:00+00:00"
            $0.taskID = taskId
            $0.mapIndex = mapIndex
            $0.tryNumber = tryNumber
        }
    }

    static func bash(_ taskId: String, _ command: String, configure: (inout WireTaskDispatch) -> Void = { _ in }) -> WireTaskDispatch {
        var dispatch = WireTaskDispatch.with {
            $0.key = key(taskId)
            $0.kind = .bash
            $0.command = command
            $0.queue = "default"
            $0.skipOnExitCodes = [99]
            $0.logicalDateUnixUs = 1_795_305_600_000_000
        }
        configure(&dispatch)
        return dispatch
    }

    static func swift(_ taskId: String, callable: String, configure: (inout WireTaskDispatch) -> Void = { _ in }) -> WireTaskDispatch {
        var dispatch = WireTaskDispatch.with {
            $0.key = key(taskId)
            $0.kind = .swiftClosure
            $0.callable = callable
            $0.queue = "default"
        }
        configure(&dispatch)
        return dispatch
    }
}

/// Whether process `pid` still runs (a zombie counts as ended).
func processIsAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// Pids of the processes in process group `pgid`.
func processGroupMembers(_ pgid: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 2 && Int32(fields[2]) == pgid && fields[0] != "Z"
    }
}
