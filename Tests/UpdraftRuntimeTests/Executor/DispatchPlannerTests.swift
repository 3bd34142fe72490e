import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("DispatchPlanner: which try goes to which worker")
struct DispatchPlannerTests {
    typealias Kit = ExecutorTestKit

    private func worker(_ id: String, queues: [String] = ["default"], capacity: UInt32 = 2) -> (PeerID, WorkerRecord) {
        var hello = WireWorkerHello()
        hello.workerID = id
        hello.queues = queues
        hello.capacity = capacity
        return (PeerID(id), WorkerRecord(hello: hello, peer: PeerID(id), now: .now, confirmed: true))
    }

    private func pending(_ items: [TaskWork]) -> PendingWork {
        var pending = PendingWork()
        for item in items { _ = pending.insert(item, queue: item.dispatch.queue) }
        return pending
    }

    @Test("no workers: nothing is planned and nothing leaves the queues")
    func noWorkers() {
        var queue = pending([Kit.work("a")])
        var workers: [PeerID: WorkerRecord] = [:]
        #expect(DispatchPlanner.plan(pending: &queue, workers: &workers).isEmpty)
        #expect(queue.count == 1)
    }

    @Test("tries spread to the least busy worker; ties go to the smaller worker id")
    func leastBusy() {
        var queue = pending((0..<5).map { Kit.work("t\($0)", priority: 10 - $0) })
        var workers = Dictionary(uniqueKeysWithValues: [worker("b", capacity: 3), worker("a", capacity: 3)])
        let plan = DispatchPlanner.plan(pending: &queue, workers: &workers)
        #expect(plan.map(\.work.dispatch.key.taskID) == ["t0", "t1", "t2", "t3", "t4"])
        #expect(plan.map(\.peer.description) == ["a", "b", "a", "b", "a"])
        #expect(workers[PeerID("a")]?.running.count == 3)
        #expect(workers[PeerID("b")]?.running.count == 2)
        #expect(queue.count == 0)
    }

    @Test("capacity is never exceeded; what does not fit stays queued")
    func capacity() {
        var queue = pending((0..<10).map { Kit.work("t\($0)") })
        var workers = Dictionary(uniqueKeysWithValues: [worker("a"), worker("b"), worker("c")])
        let plan = DispatchPlanner.plan(pending: &queue, workers: &workers)
        #expect(plan.count == 6)
        #expect(workers.values.allSatisfy { $0.running.count == 2 })
        #expect(queue.counts == ["default": 4])
        #expect(DispatchPlanner.plan(pending: &queue, workers: &workers).isEmpty)
    }

    @Test("a try goes only to a worker serving its queue; across queues the higher priority goes first")
    func routingAndPriorityAcrossQueues() {
        var queue = pending([
            Kit.work("d1", queue: "default", priority: 1), Kit.work("h1", queue: "heavy", priority: 5),
            Kit.work("d2", queue: "default", priority: 9),
        ])
        var workers = Dictionary(uniqueKeysWithValues: [
            worker("both", queues: ["default", "heavy"], capacity: 1), worker("light", queues: ["default"], capacity: 5),
        ])
        let plan = DispatchPlanner.plan(pending: &queue, workers: &workers)
        let byTask = Dictionary(uniqueKeysWithValues: plan.map { ($0.work.dispatch.key.taskID, $0.peer.description) })
        // d2 (9) first, to "both" (id order at equal load); then h1 can only wait for "both".
        #expect(plan.first?.work.dispatch.key.taskID == "d2")
        #expect(byTask["d2"] == "both")
        #expect(byTask["d1"] == "light")
        #expect(byTask["h1"] == nil)
        #expect(queue.counts == ["heavy": 1])
    }

    @Test("a draining worker takes nothing; adopted tries beyond capacity leave no free slot")
    func drainingAndOverfull() {
        var queue = pending([Kit.work("a")])
        var (peer, draining) = worker("draining")
        draining.drain()
        var (fullPeer, full) = worker("full", capacity: 1)
        full.running = [Kit.key("x"), Kit.key("y")]
        var workers = [peer: draining, fullPeer: full]
        #expect(DispatchPlanner.plan(pending: &queue, workers: &workers).isEmpty)
        #expect(queue.count == 1)
    }
}
