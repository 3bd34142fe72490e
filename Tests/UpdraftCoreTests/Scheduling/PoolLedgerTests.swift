import Foundation
import Testing
@testable import UpdraftCore

@Suite("PoolLedger: pool slots and max_active_tasks across runs and DAGs")
struct PoolLedgerTests {
    static func id(_ dag: String, _ run: String, _ task: String) -> TaskInstanceID {
        TaskInstanceID(dagId: dag, runId: run, taskId: task, mapIndex: -1)
    }

    static func candidate(_ id: TaskInstanceID, pool: String = "db", slots: Int = 1) -> SlotAllocator.Candidate {
        SlotAllocator.Candidate(id: id, pool: pool, poolSlots: slots, priority: 1, order: 0)
    }

    @Test("slots held by one run's instances are not free for another run's, of another DAG too")
    func poolsAcrossRuns() {
        var ledger = PoolLedger()
        ledger.setPools(["db": 2, "default_pool": 128])
        ledger.hold(Self.id("a", "r1", "t"), pool: "db", slots: 1)
        ledger.hold(Self.id("b", "r9", "t"), pool: "db", slots: 1)
        var allocator = ledger.allocator(dagLimits: ["a": 16, "b": 16])
        #expect(allocator.admit([Self.candidate(Self.id("a", "r2", "t"))]).isEmpty)
        #expect(PoolLedger.admissionBound(allocator) == 30, "max_active_tasks room: 15 + 15, below the free pool slots")

        ledger.release(Self.id("b", "r9", "t"))
        #expect(!ledger.holds(Self.id("b", "r9", "t")))
        allocator = ledger.allocator(dagLimits: ["a": 16, "b": 16])
        #expect(allocator.admit([Self.candidate(Self.id("a", "r2", "t")), Self.candidate(Self.id("a", "r3", "t"))])
                == [Self.id("a", "r2", "t")])
    }

    @Test("max_active_tasks counts a DAG's held instances over all its runs")
    func maxActiveTasksAcrossRuns() {
        var ledger = PoolLedger()
        ledger.setPools(["default_pool": -1])
        ledger.hold(Self.id("a", "r1", "x"), pool: "default_pool", slots: 1)
        ledger.hold(Self.id("a", "r2", "y"), pool: "default_pool", slots: 1)
        var allocator = ledger.allocator(dagLimits: ["a": 3])
        #expect(PoolLedger.admissionBound(allocator) == 1)
        let admitted = allocator.admit([Self.candidate(Self.id("a", "r3", "z"), pool: "default_pool"),
                                        Self.candidate(Self.id("a", "r3", "w"), pool: "default_pool")])
        #expect(admitted.count == 1)
    }

    @Test("a pool of several slots per instance, and an unlimited pool, bound admission as expected")
    func bounds() {
        var ledger = PoolLedger()
        ledger.setPools(["big": 4, "default_pool": 2])
        ledger.hold(Self.id("a", "r1", "heavy"), pool: "big", slots: 3)
        let allocator = ledger.allocator(dagLimits: ["a": 100])
        #expect(PoolLedger.admissionBound(allocator) == 1 + 2)
        var unlimited = PoolLedger()
        unlimited.setPools(["default_pool": -1])
        #expect(PoolLedger.admissionBound(unlimited.allocator(dagLimits: ["a": 5])) == 5)
    }
}
