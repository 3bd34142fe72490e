import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("WorkerExecutor: dispatch")
struct ExecutorDispatchTests {
    typealias Kit = ExecutorTestKit

    @Test("within a queue: highest priority first, first-come first on ties")
    func priorityOrder() async throws {
        let loop = MessageLoop(name: "exec-priority")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        await executor.submit([
            Kit.work("low", priority: 1), Kit.work("high", priority: 10), Kit.work("mid1", priority: 5),
            Kit.work("mid2", priority: 5), Kit.work("low2", priority: 1),
        ])
        #expect(await executor.queuedCounts() == ["default": 5])
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        for step in 1...5 {
            #expect(await Kit.eventually { worker.dispatched.count == step })
            #expect(worker.holding.count == 1)
            if let key = worker.holding.first { try await worker.finish(key) }
        }
        #expect(worker.dispatched.map(\.taskID) == ["high", "mid1", "mid2", "low", "low2"])
        #expect(await Kit.eventually { await executor.runningKeys().isEmpty })
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a heavy try never goes to a worker serving only default")
    func queueRouting() async throws {
        let loop = MessageLoop(name: "exec-routing")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let light = try await FakeDealerWorker.join(endpoint, loop: loop, id: "light", queues: ["default"], capacity: 10)
        let heavy = (0..<5).map { Kit.work("heavy\($0)", queue: "heavy", priority: 100) }
        let normal = (0..<5).map { Kit.work("normal\($0)", queue: "default") }
        await executor.submit(heavy + normal)
        #expect(await Kit.eventually { light.dispatched.count == 5 })
        #expect(await executor.queuedCounts() == ["heavy": 5])
        let big = try await FakeDealerWorker.join(endpoint, loop: loop, id: "big", queues: ["heavy"], capacity: 10)
        #expect(await Kit.eventually { big.dispatched.count == 5 })
        #expect(Set(light.dispatched.map(\.taskID)) == Set(normal.map(\.dispatch.key.taskID)))
        #expect(Set(big.dispatched.map(\.taskID)) == Set(heavy.map(\.dispatch.key.taskID)))
        #expect(await executor.queuedCounts().isEmpty)
        #expect(await executor.runningKeys().count == 10)
        await light.close()
        await big.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("the least busy worker gets the next try")
    func leastBusyFirst() async throws {
        let loop = MessageLoop(name: "exec-spread")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let a = try await FakeDealerWorker.join(endpoint, loop: loop, id: "a", capacity: 4)
        let b = try await FakeDealerWorker.join(endpoint, loop: loop, id: "b", capacity: 4)
        await executor.submit((0..<4).map { Kit.work("t\($0)") })
        #expect(await Kit.eventually { a.dispatched.count + b.dispatched.count == 4 })
        #expect(a.dispatched.count == 2)
        #expect(b.dispatched.count == 2)
        #expect(await executor.workers().map(\.busySlots) == [2, 2])
        await a.close()
        await b.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("3 workers × 2 slots, 50 tries: no worker ever holds more than 2, each try runs once")
    func capacityNeverExceeded() async throws {
        let loop = MessageLoop(name: "exec-capacity")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        var workers: [FakeDealerWorker] = []
        for id in ["w1", "w2", "w3"] {
            workers.append(try await FakeDealerWorker.join(endpoint, loop: loop, id: id, capacity: 2, mode: .finishAfterPause(maxMicros: 3000)))
        }
        await executor.submit((0..<50).map { Kit.work("t\($0)", priority: $0 % 3) })
        #expect(await events.wait(for: 50) { if case .finished = $0 { true } else { false } })
        for worker in workers { #expect(worker.maxHolding <= 2, "worker \(worker.id) held \(worker.maxHolding)") }
        let all = workers.flatMap(\.dispatched)
        #expect(all.count == 50)
        #expect(Set(all).count == 50)
        #expect(events.finished.allSatisfy { $0.state == .success })
        #expect(await executor.stats().dispatched == 50)
        for worker in workers { await worker.close() }
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("10,000 submitted tries are all dispatched exactly once; resubmitted keys are ignored")
    func tenThousand() async throws {
        let loop = MessageLoop(name: "exec-10k")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let work = (0..<10_000).map { Kit.work("t\($0)", priority: $0 % 5) }
        await executor.submit(work)
        await executor.submit(Array(work.prefix(100)))
        #expect(await executor.queuedCounts() == ["default": 10_000])
        let a = try await FakeDealerWorker.join(endpoint, loop: loop, id: "a", capacity: 32, mode: .finishImmediately)
        let b = try await FakeDealerWorker.join(endpoint, loop: loop, id: "b", capacity: 32, mode: .finishImmediately)
        #expect(await events.wait(for: 10_000, seconds: 120) { if case .finished = $0 { true } else { false } })
        let all = a.dispatched + b.dispatched
        #expect(all.count == 10_000)
        #expect(Set(all).count == 10_000)
        let stats = await executor.stats()
        #expect(stats.dispatched == 10_000)
        #expect(stats.finished == 10_000)
        #expect(stats.duplicateSubmissions == 100)
        #expect(stats.droppedTaskMessages == 0)
        #expect(await executor.queuedCounts().isEmpty)
        await a.close()
        await b.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a dispatch that fails validation is reported failed at once, naming the field")
    func invalidDispatch() async throws {
        let loop = MessageLoop(name: "exec-invalid-dispatch")
        let (executor, _, events) = try await Kit.startExecutor(loop: loop)
        var broken = Kit.work("broken")
        broken.dispatch.command = ""
        await executor.submit([broken])
        #expect(await events.wait { if case .finished = $0 { true } else { false } })
        let finished = events.finished.first
        #expect(finished?.state == .failed)
        #expect(finished?.errorMessage.contains("invalid task dispatch") == true)
        #expect(finished?.errorMessage.contains("command") == true)
        #expect(await executor.queuedCounts().isEmpty)
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }
}
