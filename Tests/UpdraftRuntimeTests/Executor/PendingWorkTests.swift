import Testing
import UpdraftProtocol
@testable import UpdraftRuntime

@Suite("PendingWork: per-queue priority queues")
struct PendingWorkTests {
    typealias Kit = ExecutorTestKit

    private func drain(_ pending: inout PendingWork, _ queue: String) -> [String] {
        var order: [String] = []
        while let work = pending.popFirst(of: queue) { order.append(work.dispatch.key.taskID) }
        return order
    }

    @Test("highest priority first, first-come first on ties")
    func priorityThenFIFO() {
        var pending = PendingWork()
        let items = [("a", 1), ("b", 5), ("c", 1), ("d", 9), ("e", 5), ("f", 1)]
        for (task, priority) in items {
            let result1 = pending.insert(Kit.work(task, priority: priority), queue: "default")
            #expect(result1)
        }
        #expect(drain(&pending, "default") == ["d", "b", "e", "a", "c", "f"])
        #expect(pending.counts.isEmpty)
    }

    @Test("a key already waiting is refused; queues are counted apart")
    func duplicatesAndCounts() {
        var pending = PendingWork()
        let result2 = pending.insert(Kit.work("a"), queue: "default")
        #expect(result2)
        let result3 = pending.insert(Kit.work("a", priority: 99), queue: "default")
        #expect(!result3)
        let result4 = pending.insert(Kit.work("b"), queue: "heavy")
        #expect(result4)
        #expect(pending.counts == ["default": 1, "heavy": 1])
        let result5 = pending.popFirst(of: "heavy")
        #expect(result5?.dispatch.key.taskID == "b")
        #expect(pending.counts == ["default": 1])
    }

    @Test("a removed key is skipped, and may be queued again behind the others")
    func removalIsLazyButExact() {
        var pending = PendingWork()
        for task in ["a", "b", "c"] { _ = pending.insert(Kit.work(task), queue: "q") }
        let result6 = pending.remove(Kit.key("a"))
        #expect(result6?.dispatch.key.taskID == "a")
        let result7 = pending.remove(Kit.key("a"))
        #expect(result7 == nil)
        #expect(pending.counts == ["q": 2])
        let result8 = pending.head(of: "q")
        #expect(result8?.key.taskID == "b")
        let result9 = pending.insert(Kit.work("a"), queue: "q")
        #expect(result9)
        #expect(drain(&pending, "q") == ["b", "c", "a"])
        #expect(pending.count == 0)
    }

    @Test("10,000 tries come out in priority order, each once")
    func manyTries() {
        var pending = PendingWork()
        for index in 0..<10_000 {
            _ = pending.insert(Kit.work("t\(index)", priority: index % 7), queue: "default")
        }
        var seen = Set<String>()
        var last: (priority: Int, index: Int)?
        while let work = pending.popFirst(of: "default") {
            let index = Int(work.dispatch.key.taskID.dropFirst())!
            #expect(seen.insert(work.dispatch.key.taskID).inserted)
            if let last {
                let ordered = work.priority < last.priority || (work.priority == last.priority && index > last.index)
                #expect(ordered, "t\(index) came after t\(last.index)")
            }
            last = (work.priority, index)
        }
        #expect(seen.count == 10_000)
    }
}
