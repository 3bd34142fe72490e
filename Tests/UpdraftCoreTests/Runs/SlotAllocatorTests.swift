import Foundation
import Testing
@testable import UpdraftCore

@Suite("Slot allocation: pools, max_active_tasks, priority")
struct SlotAllocatorTests {
    static func candidate(_ task: String, pool: String = "default_pool", slots: Int = 1, priority: Int = 1,
                          order: Int = 0, dag: String = "d", date: Date? = nil) -> SlotAllocator.Candidate {
        .init(id: TaskInstanceID(dagId: dag, runId: "r", taskId: task), pool: pool, poolSlots: slots,
              priority: priority, order: order, logicalDate: date)
    }

    @Test("priority order: weight desc, then logical date, then task order")
    func order() {
        var a = SlotAllocator(poolSlots: [:], poolUsed: [:], dagLimits: [:], dagRunning: [:])
        let old = Date(timeIntervalSince1970: 0), new = Date(timeIntervalSince1970: 100)
        let got = a.admit([
            Self.candidate("low", priority: 1), Self.candidate("new", priority: 5, date: new),
            Self.candidate("old", priority: 5, date: old), Self.candidate("second", priority: 9, order: 2),
            Self.candidate("first", priority: 9, order: 1),
        ]).map(\.taskId)
        #expect(got == ["first", "second", "old", "new", "low"])
    }

    @Test("a pool never goes over its slots; a big task is passed over for smaller ones")
    func poolLimit() {
        var a = SlotAllocator(poolSlots: ["db": 3], poolUsed: ["db": 1], dagLimits: [:], dagRunning: [:])
        let got = a.admit([
            Self.candidate("big", pool: "db", slots: 3, priority: 9), Self.candidate("s1", pool: "db", priority: 5),
            Self.candidate("s2", pool: "db", priority: 4), Self.candidate("s3", pool: "db", priority: 3),
        ]).map(\.taskId)
        #expect(got == ["s1", "s2"])
        #expect(a.oversized.isEmpty)  // big fits the pool, just not now
        #expect(a.openSlots(pool: "db") == 0)
        a.release(pool: "db", slots: 1, dagId: "d")
        #expect(a.admit([Self.candidate("s3", pool: "db")]).map(\.taskId) == ["s3"])
    }

    @Test("random admit/release sequences never exceed any pool's slots", arguments: [1, 2, 3, 4, 5])
    func neverOver(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let sizes = ["a": 4, "b": 7, "default_pool": 5]
        var alloc = SlotAllocator(poolSlots: sizes, poolUsed: [:], dagLimits: [:], dagRunning: [:])
        var holding: [(pool: String, slots: Int)] = []
        var serial = 0
        for _ in 0..<300 {
            if rng.next() % 3 == 0, !holding.isEmpty {
                let i = Int(rng.next() % UInt64(holding.count))
                let h = holding.remove(at: i)
                alloc.release(pool: h.pool, slots: h.slots, dagId: "d")
            } else {
                let batch = (0..<Int(rng.next() % 6)).map { _ -> SlotAllocator.Candidate in
                    serial += 1
                    let pool = ["a", "b", "nope"][Int(rng.next() % 3)]
                    return Self.candidate("t\(serial)", pool: pool, slots: 1 + Int(rng.next() % 3), priority: Int(rng.next() % 5))
                }
                let admitted = Set(alloc.admit(batch))
                for c in batch where admitted.contains(c.id) { holding.append((alloc.effectivePool(c.pool), c.poolSlots)) }
            }
            for (pool, size) in sizes {
                let used = holding.filter { $0.pool == pool }.reduce(0) { $0 + $1.slots }
                #expect(used <= size)
                #expect(alloc.poolUsed[pool, default: 0] == used)
            }
        }
        #expect(alloc.unknownPools == ["nope"])
    }

    @Test("a task asking for more slots than its pool has is reported as oversized, never admitted")
    func oversized() {
        var a = SlotAllocator(poolSlots: ["db": 2], poolUsed: [:], dagLimits: [:], dagRunning: [:])
        #expect(a.admit([Self.candidate("huge", pool: "db", slots: 3), Self.candidate("ok", pool: "db", slots: 2)]).map(\.taskId) == ["ok"])
        #expect(a.oversized == [TaskInstanceID(dagId: "d", runId: "r", taskId: "huge")])
    }

    @Test("max_active_tasks per DAG, counted over all its runs")
    func dagLimit() {
        var a = SlotAllocator(poolSlots: [:], poolUsed: [:], dagLimits: ["d": 3], dagRunning: ["d": 1])
        let got = a.admit((0..<5).map { Self.candidate("t\($0)", order: $0) } + [Self.candidate("x", order: 9, dag: "other")])
        #expect(got.map(\.taskId) == ["t0", "t1", "x"])
        a.release(pool: "default_pool", slots: 1, dagId: "d")
        #expect(a.admit([Self.candidate("t2")]).count == 1)
    }

    @Test("unlimited pools (-1), default_pool at 128 unless given, unknown pools use default_pool")
    func poolKinds() {
        var a = SlotAllocator(poolSlots: ["free": -1], poolUsed: ["ghost": 127], dagLimits: [:], dagRunning: [:])
        #expect(a.openSlots(pool: "free") == nil)
        #expect(a.openSlots(pool: "default_pool") == 1)  // ghost's usage counts against default_pool
        #expect(a.unknownPools == ["ghost"])
        let many = (0..<500).map { Self.candidate("f\($0)", pool: "free", slots: 2) }
        #expect(a.admit(many).count == 500)
        #expect(a.admit([Self.candidate("u1", pool: "unknown"), Self.candidate("u2", pool: "unknown")]).count == 1)
    }

    @Test("the tracker's candidates carry pool, slots, weight and order")
    func fromTracker() {
        let task = RunFixtures.task("t") { $0.pool = "db"; $0.poolSlots = 2; $0.priorityWeight = 7 }
        let run = RunFixtures.tracker([task])
        let c = run.slotCandidate(for: RunFixtures.id("t"))
        #expect(c?.pool == "db" && c?.poolSlots == 2 && c?.priority == 7 && c?.order == 0)
        #expect(run.slotCandidate(for: RunFixtures.id("none")) == nil)
    }
}

/// A tiny deterministic random generator for repeatable property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
