import Foundation
import Testing
import UpdraftCore

/// Pooled tasks never exceed their pool's slots: six tasks on a 2-slot pool (set with
/// `updraft pools set`) on a worker with 6 slots; the try intervals recorded in the store
/// never overlap more than 2 deep.
@Suite("Integration: pools", .timeLimit(.minutes(2)))
struct PoolTests {
    static let dag = """
        dag_id: it_pool
        schedule: null
        default_args: {pool: it_two_slots}
        tasks:
          - {task_id: p1, bash: "sleep 1"}
          - {task_id: p2, bash: "sleep 1"}
          - {task_id: p3, bash: "sleep 1"}
          - {task_id: p4, bash: "sleep 1"}
          - {task_id: p5, bash: "sleep 1"}
          - {task_id: p6, bash: "sleep 1"}
        """

    /// The largest number of intervals open at once.
    static func maxOverlap(_ intervals: [(start: Date, end: Date)]) -> Int {
        var events: [(time: Date, delta: Int)] = []
        for interval in intervals {
            events.append((interval.start, 1))
            events.append((interval.end, -1))
        }
        // At the same instant an end comes before a start.
        events.sort { a, b in a.time == b.time ? a.delta < b.delta : a.time < b.time }
        var open = 0, most = 0
        for (_, delta) in events {
            open += delta
            most = max(most, open)
        }
        return most
    }

    @Test("six tasks on a 2-slot pool: at most 2 run at once, all succeed")
    func poolSlotsAreNeverExceeded() async throws {
        try await withCluster("pool", dags: ["pool.yml": Self.dag]) { cluster in
            let set = try await cluster.run(["pools", "set", "it_two_slots", "2", "--home", cluster.home])
            try await cluster.require(set.status == 0, "pools set: exit \(set.status) \(set.out) \(set.err)")
            try cluster.startScheduler()
            try cluster.startWorker(id: "w1", concurrency: 6)
            try await cluster.waitForDag("it_pool")
            let runId = try await cluster.trigger("it_pool")
            let run = try await cluster.waitForRun("it_pool", runId)
            let tis = try await cluster.taskInstances("it_pool", runId)
            try await cluster.require(run.state == .success, "run state \(run.state)")
            let intervals = tis.values.compactMap { ti in ti.startDate.flatMap { s in ti.endDate.map { (start: s, end: $0) } } }
            #expect(intervals.count == 6)
            #expect(tis.values.allSatisfy { $0.pool == "it_two_slots" })
            let overlap = Self.maxOverlap(intervals)
            #expect(overlap <= 2, "\(overlap) tasks of the 2-slot pool ran at once")
            #expect(overlap == 2, "the pool's 2 slots were never used together (overlap \(overlap))")
        }
    }
}
