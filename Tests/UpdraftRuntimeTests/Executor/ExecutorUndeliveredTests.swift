import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// A worker killed between heartbeats: the executor notices at the first send that fails,
/// not one heartbeat timeout later.
@Suite("WorkerExecutor: dispatches that cannot be sent")
struct ExecutorUndeliveredTests {
    typealias Kit = ExecutorTestKit

    @Test("a try for a worker no longer connected goes to another worker at once, not failed at the heartbeat timeout")
    func undeliveredDispatchGoesElsewhere() async throws {
        let loop = MessageLoop(name: "exec-undelivered")
        var configuration = ExecutorConfiguration()
        // Far beyond the test's deadlines: only the failed send can explain a quick re-dispatch.
        configuration.heartbeat = .init(intervalMs: 200, timeoutMs: 120_000)
        let (executor, endpoint, events) = try await Kit.startExecutor(
            loop: loop, endpoint: "tcp://127.0.0.1:*", configuration: configuration)
        // Ties go to the smaller worker id: "a-gone" would get the try.
        let gone = try await FakeDealerWorker.join(endpoint, loop: loop, id: "a-gone", capacity: 4)
        let alive = try await FakeDealerWorker.join(endpoint, loop: loop, id: "b-alive", capacity: 4)
        alive.startHeartbeats(every: .milliseconds(100))
        await gone.close()
        try await Task.sleep(for: .milliseconds(300))
        await executor.submit([Kit.work("t"), Kit.work("u")])
        #expect(await Kit.eventually(20) { Set(alive.dispatched.map(\.taskID)) == ["t", "u"] },
                "dispatched to the live worker: \(alive.dispatched.map(\.taskID))")
        #expect(events.finished.isEmpty, "a try was failed: \(events.finished.map(\.errorMessage))")
        #expect(await executor.workers().count == 2, "the gone worker is kept until its heartbeat timeout")
        alive.stopHeartbeats()
        await alive.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }
}
