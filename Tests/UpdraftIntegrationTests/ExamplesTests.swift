import Foundation
import Testing
import UpdraftCore
import UpdraftStore

/// `updraft standalone --dags-folder examples` runs the examples, and each run ends as its
/// design says (examples/README.md): the failing-then-retrying task, the branch, the
/// mapped fan-out, the pooled copies that never exceed their pools, the consumer DAG whose
/// external_task sensor succeeds after the producer's publish; plus `dags trigger --wait` from another process.
@Suite("Integration: the examples under updraft standalone", .timeLimit(.minutes(3)))
struct ExamplesTests {
    static let examples = UpdraftBinary.repositoryRoot + "/examples"

    /// The largest number of intervals open at once.
    static func maxOverlap(_ records: [TaskInstanceRecord]) -> Int {
        var events: [(time: Date, delta: Int)] = []
        for record in records {
            guard let start = record.startDate, let end = record.endDate else { continue }
            events.append((start, 1))
            events.append((end, -1))
        }
        events.sort { a, b in a.time == b.time ? a.delta < b.delta : a.time < b.time }
        var open = 0, most = 0
        for event in events {
            open += event.delta
            most = max(most, open)
        }
        return most
    }

    @Test("every example's first run ends in its designed state; pools from pools.yml hold on a fresh home; trigger --wait works")
    func examplesRunAsDesigned() async throws {
        try await withCluster("examples", dags: [:]) { cluster in
            // A fresh home: the pools come from examples/pools.yml.
            try cluster.start("standalone", ["standalone", "--dags-folder", Self.examples, "--home", cluster.home])
            let store = try cluster.store()
            let expected: [String: DagRunState] = [
                "hello_every_minute": .success, "flaky_retry": .success, "branch_weekday": .success,
                "fanout_tables": .success, "datalake_ingest": .success, "daily_report": .success,
                "linked_producer": .success, "linked_consumer": .success,
            ]
            // catchup is off: each scheduled example runs its latest interval at once.
            let runs = try await cluster.waitFor("the first scheduled run of every example to end", timeout: .seconds(120)) {
                () async throws -> [String: DagRunRecord]? in
                var ended: [String: DagRunRecord] = [:]
                for dagId in expected.keys {
                    guard let run = try await store.dagRuns(dagId: dagId, states: [.success, .failed], limit: nil)
                        .first(where: { $0.runType == .scheduled }) else { return nil }
                    ended[dagId] = run
                }
                return ended
            }
            for (dagId, state) in expected {
                #expect(runs[dagId]?.state == state, "\(dagId): \(runs[dagId]?.state.rawValue ?? "-")")
            }
            func instances(_ dagId: String) async throws -> [TaskInstanceRecord] {
                try await store.taskInstances(dagId: dagId, runId: try #require(runs[dagId]).runId)
            }
            let flaky = try await instances("flaky_retry").first { $0.id.taskId == "flaky" }
            #expect(flaky?.state == .success && flaky?.tryNumber == 2)
            let branch = try await instances("branch_weekday")
            let skipped = branch.filter { $0.state == .skipped }.map(\.id.taskId)
            #expect(skipped.count == 1 && ["weekday_load", "weekend_cleanup"].contains(skipped.first ?? ""), "\(skipped)")
            let fanout = try await instances("fanout_tables").filter { $0.id.mapIndex >= 0 }
            #expect(fanout.filter { $0.id.taskId == "copy" && $0.state == .success }.map(\.id.mapIndex).sorted() == [0, 1, 2, 3, 4])
            #expect(fanout.filter { $0.id.taskId == "check" && $0.state == .success }.map(\.id.mapIndex).sorted() == [0, 1, 2])
            let pools = Dictionary(try await store.pools().map { ($0.name, $0.slots) }, uniquingKeysWith: { a, _ in a })
            #expect(pools["small_tables"] == 4 && pools["large_tables"] == 1, "pools in the store: \(pools)")
            let lake = try await instances("datalake_ingest")
            let small = lake.filter { $0.id.taskId.hasPrefix("small.") }
            let large = lake.filter { $0.id.taskId.hasPrefix("large.") }
            #expect(small.count == 6 && large.count == 4)
            #expect(Self.maxOverlap(small) <= 4, "small_tables ran \(Self.maxOverlap(small)) at once")
            #expect(Self.maxOverlap(large) == 1, "large_tables ran \(Self.maxOverlap(large)) at once")
            let sensor = try await instances("linked_consumer").first { $0.id.taskId == "wait_for_export" }
            #expect(sensor?.state == .success && sensor?.workerId == nil, "\(String(describing: sensor))")

            let manual = try await cluster.run(["dags", "trigger", "fanout_tables", "--home", cluster.home, "--wait",
                                                "--logical-date", "2026-03-01T10:00:00Z", "--timeout", "60"])
            #expect(manual.status == 0, "exit \(manual.status): \(manual.out) \(manual.err)")
            #expect(manual.out.contains("run manual__2026-03-01T10:00:00+00:00 of fanout_tables: success"), "\(manual.out)")
        }
    }
}
