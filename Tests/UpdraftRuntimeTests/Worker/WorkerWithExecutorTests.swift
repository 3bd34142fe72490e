import Foundation
import Logging
import Synchronization
import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// The real `WorkerExecutor` and a real `Worker` on one loop: the protocol contract end to end.
@Suite("Worker with the real executor", .serialized)
struct WorkerWithExecutorTests {
    /// Records the executor's events.
    final class EventLog: Sendable {
        let events = Mutex<[ExecutorEvent]>([])
        var finished: [WireTaskFinished] {
            events.withLock { $0.compactMap { if case .finished(let f) = $0 { f } else { nil } } }
        }
    }

    @Test("bash, noop, failing and skipped tries run through executor and worker", arguments: ["inproc://e2e", "tcp://127.0.0.1:0"])
    func tasksEndToEnd(endpoint: String) async throws {
        let loop = MessageLoop(name: "e2e")
        var logger = Logger(label: "test.e2e")
        logger.logLevel = .critical
        let executor = WorkerExecutor(loop: loop, logger: logger)
        let bound = try await executor.bind(endpoint.hasPrefix("inproc") ? "\(endpoint)-\(UUID().uuidString)" : endpoint)
        await executor.start()
        let log = EventLog()
        let reader = Task { for await event in executor.events { log.events.withLock { $0.append(event) } } }
        let worker = Worker(
            configuration: WorkerConfiguration(endpoint: bound, workerId: "e2e-worker", concurrency: 2),
            loop: loop, swiftTasks: SwiftTaskRegistry(), logger: logger)
        let running = Task { try await worker.run() }

        let work = [
            WorkerDispatches.bash("echo", "echo 41; echo 42"),
            WorkerDispatches.swift("noop", callable: "updraft.noop"),
            WorkerDispatches.bash("fail", "echo broken >&2; exit 2"),
            WorkerDispatches.bash("skip", "exit 99"),
            WorkerDispatches.bash("queued", "sleep 0.2"),
        ].enumerated().map { TaskWork(dispatch: $0.element, priority: 10 - $0.offset) }
        await executor.submit(work)
        let deadline = ContinuousClock.now + .seconds(30)
        while log.finished.count < work.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        // The last result per task: on a loaded machine (two CI runs at load 4-10) a result
        // reached the events twice, the second as a worker's re-sent result that the executor
        // passes on for the scheduler to ignore; a dictionary of unique keys crashed the run.
        let byTask = Dictionary(log.finished.map { ($0.key.taskID, $0) }, uniquingKeysWith: { _, last in last })
        #expect(byTask["echo"]?.state == .success)
        #expect(byTask["echo"]?.xcomOutputs.first?.json == Data("42".utf8))
        #expect(byTask["noop"]?.state == .success)
        #expect(byTask["fail"]?.state == .failed)
        #expect(byTask["fail"]?.errorMessage == "exit code 2: broken")
        #expect(byTask["skip"]?.state == .skipped)
        #expect(byTask["queued"]?.state == .success)
        let joined = log.events.withLock { $0.contains { if case .workerJoined(let h) = $0 { h.workerID == "e2e-worker" } else { false } } }
        #expect(joined)

        // Executor shutdown drains the worker: it says goodbye and run() returns.
        await executor.shutdown(drainTimeout: .seconds(5))
        try await running.value
        _ = await reader.value
        await loop.shutdown()
    }

    @Test("an executor that crashes and comes back on the same address adopts the running try; its end reaches the new one")
    func adoptionAfterExecutorRestart() async throws {
        let h = try await WorkerHarness.start(endpoint: "tcp://127.0.0.1:*")
        try await h.executor.welcome(intervalMs: 100, timeoutMs: 5000)
        let dispatch = WorkerDispatches.bash("survivor", "sleep 1.5; echo adopted")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.started(dispatch.key)
        let address = await h.executor.endpoint
        await h.executor.close()  // the old executor is gone without a word

        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 100, timeoutMs: 5000)
        var logger = Logger(label: "test.e2e")
        logger.logLevel = .critical
        let executor = WorkerExecutor(loop: h.loop, configuration: configuration, logger: logger)
        let bindDeadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                _ = try await executor.bind(address)
                break
            } catch {
                guard ContinuousClock.now < bindDeadline else { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        await executor.start()
        let log = EventLog()
        let reader = Task { for await event in executor.events { log.events.withLock { $0.append(event) } } }
        let deadline = ContinuousClock.now + .seconds(20)
        var adopted = false
        while log.finished.isEmpty, ContinuousClock.now < deadline {
            if await executor.runningKeys().contains(dispatch.key) { adopted = true }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(adopted)
        let finished = log.finished.first
        #expect(finished?.key == dispatch.key)
        #expect(finished?.state == .success)
        #expect(finished?.xcomOutputs.first?.json == Data(#""adopted""#.utf8))

        await h.worker.stop(graceful: false)
        _ = await h.running.result
        await executor.shutdown(drainTimeout: .milliseconds(100))
        _ = await reader.value
        await h.loop.shutdown()
    }
}
