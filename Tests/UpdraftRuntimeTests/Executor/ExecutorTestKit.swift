import Logging
import Synchronization
import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// Helpers of the executor tests (namespaced so other runtime tests can have their own).
enum ExecutorTestKit {
    /// A key `dag.task` of run `run`, try `tryNumber`.
    static func key(_ task: String, dag: String = "dag", run: String = "run1", map: Int32 = -1, tryNumber: UInt32 = 1) -> WireTaskInstanceKey {
        var key = WireTaskInstanceKey()
        key.dagID = dag
        key.runID = run
        key.taskID = task
        key.mapIndex = map
        key.tryNumber = tryNumber
        return key
    }

    /// A valid bash try of `task` on `queue`.
    static func work(_ task: String, queue: String = "default", priority: Int = 1, map: Int32 = -1) -> TaskWork {
        var dispatch = WireTaskDispatch()
        dispatch.key = key(task, map: map)
        dispatch.kind = .bash
        dispatch.command = "true"
        dispatch.queue = queue
        return TaskWork(dispatch: dispatch, priority: priority)
    }

    /// An executor on `loop`, bound to a fresh inproc endpoint (or `endpoint`), started.
    /// The settings of tests that do not test loss: fake workers send no heartbeats unless
    /// told to, and the whole suite on 2 cores can stall a test for longer than the default
    /// 5 s timeout, so a worker is lost only after a minute of silence.
    static var patient: ExecutorConfiguration {
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 1000, timeoutMs: 60_000)
        return configuration
    }

    static func startExecutor(
        loop: MessageLoop, endpoint: String? = nil, configuration: ExecutorConfiguration = ExecutorTestKit.patient,
        log: ExecutorLogCapture = ExecutorLogCapture()
    ) async throws -> (WorkerExecutor, String, ExecutorEventRecorder) {
        let executor = WorkerExecutor(loop: loop, configuration: configuration, logger: log.logger)
        let bound = try await executor.bind(endpoint ?? "inproc://executor-\(UInt64.random(in: 0...UInt64.max))")
        await executor.start()
        return (executor, bound, ExecutorEventRecorder(executor.events))
    }

    /// Fails the test instead of hanging when `operation` does not finish in time.
    static func within<T: Sendable>(
        _ seconds: Double = 30, _ what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                Issue.record("\(what) did not happen within \(seconds) s")
                throw CancellationError()
            }
            return value
        }
    }

    /// Polls `condition` every 5 ms until it holds or `seconds` pass; returns whether it held.
    static func eventually(_ seconds: Double = 20, _ condition: @Sendable () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return await condition()
    }
}

/// Reads an executor's events into a list the test can look at.
final class ExecutorEventRecorder: Sendable {
    private let recorded = Mutex<[ExecutorEvent]>([])
    private let reader = Mutex<Task<Void, Never>?>(nil)

    /// Starts reading `events`; the reader ends when the stream ends (executor shutdown).
    init(_ events: AsyncStream<ExecutorEvent>) {
        let task = Task { [self] in
            for await event in events { recorded.withLock { $0.append(event) } }
        }
        reader.withLock { $0 = task }
    }

    /// Every event so far.
    var all: [ExecutorEvent] { recorded.withLock { $0 } }

    /// `finished` events so far.
    var finished: [WireTaskFinished] {
        all.compactMap { if case .finished(let f) = $0 { f } else { nil } }
    }

    /// `workerLeft` events so far.
    var left: [(workerId: String, reason: String)] {
        all.compactMap { if case .workerLeft(let id, let reason) = $0 { (id, reason) } else { nil } }
    }

    /// Waits until `count` events satisfy `predicate`; false on timeout.
    func wait(for count: Int = 1, seconds: Double = 20, _ predicate: @escaping @Sendable (ExecutorEvent) -> Bool) async -> Bool {
        await ExecutorTestKit.eventually(seconds) { [self] in all.filter(predicate).count >= count }
    }
}

/// A swift-log handler that keeps the lines, so a test can count them.
final class ExecutorLogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "test.executor") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    func count(containing text: String) -> Int { lines.withLock { $0.filter { $0.contains(text) }.count } }

    struct Handler: LogHandler {
        let sink: ExecutorLogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.lines.withLock { $0.append("\(event.level): \(event.message)") }
        }
    }
}

/// `UpdraftCodec` without the sender-side validation, to send what a broken worker would.
struct UncheckedUpdraftCodec: MessageCodec {
    typealias Message = UpdraftMessage
    let inner = UpdraftCodec()
    var protocolVersion: UInt16 { inner.protocolVersion }
    func typeCode(of message: UpdraftMessage) -> UInt16 { inner.typeCode(of: message) }
    func typeName(_ code: UInt16) -> String? { inner.typeName(code) }
    func encodeBody(_ message: UpdraftMessage) throws -> [UInt8] { try message.payload.serializedBytes() }
    func decodeBody(_ body: [UInt8], type code: UInt16) throws(FrameError) -> UpdraftMessage {
        try inner.decodeBody(body, type: code)
    }
}
