import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): editing finished runs (mark, delete) and manual triggers")
struct StoreRunEditsTests {
    /// A finished run with a failed and an upstream_failed instance and an XCom, and a running run.
    static func seeded(_ kind: StoreKind) async throws -> (any ManagedStore, DagRunRecord, DagRunRecord) {
        let store = try await StoreFixtures.store(kind)
        let done = StoreFixtures.run(hours: 0, state: .failed)
        let active = StoreFixtures.run(hours: 1, state: .running)
        var batch = StoreBatch()
        batch.dagRuns = [done, active]
        batch.taskInstances = [StoreFixtures.ti(done, "a", state: .success, tryNumber: 1),
                               StoreFixtures.ti(done, "b", state: .failed, tryNumber: 1),
                               StoreFixtures.ti(done, "c", state: .upstreamFailed),
                               StoreFixtures.ti(done, "d", state: .skipped),
                               StoreFixtures.ti(active, "a", state: .running, tryNumber: 1)]
        batch.xcoms = [XComRecord(id: TaskInstanceID(dagId: "etl", runId: done.runId, taskId: "a"), value: .int(1))]
        try await store.commit(batch)
        return (store, done, active)
    }

    @Test("marking a finished run success turns failed/upstream_failed instances success and bumps the change token", arguments: StoreKind.allCases)
    func markSuccess(_ kind: StoreKind) async throws {
        let (store, done, _) = try await Self.seeded(kind)
        let token = try await store.externalChangeToken()
        #expect(try await store.markFinishedDagRun(dagId: "etl", runId: done.runId, state: .success) == .done)
        #expect(try await store.dagRun(dagId: "etl", runId: done.runId)?.state == .success)
        let states = Dictionary(uniqueKeysWithValues: try await store.taskInstances(dagId: "etl", runId: done.runId)
            .map { ($0.id.taskId, $0.state) })
        #expect(states == ["a": .success, "b": .success, "c": .success, "d": .skipped])
        #expect(try await store.externalChangeToken() != token)
        #expect(try await store.markFinishedDagRun(dagId: "etl", runId: done.runId, state: .failed) == .done)
        #expect(try await store.dagRun(dagId: "etl", runId: done.runId)?.state == .failed)
    }

    @Test("a running run is neither marked nor deleted; an unknown one is notFound", arguments: StoreKind.allCases)
    func activeAndUnknown(_ kind: StoreKind) async throws {
        let (store, _, active) = try await Self.seeded(kind)
        #expect(try await store.markFinishedDagRun(dagId: "etl", runId: active.runId, state: .success) == .active(.running))
        #expect(try await store.deleteFinishedDagRun(dagId: "etl", runId: active.runId) == .active(.running))
        #expect(try await store.dagRun(dagId: "etl", runId: active.runId)?.state == .running)
        #expect(try await store.taskInstances(dagId: "etl", runId: active.runId).count == 1)
        #expect(try await store.markFinishedDagRun(dagId: "etl", runId: "nope", state: .failed) == .notFound)
        #expect(try await store.deleteFinishedDagRun(dagId: "nope", runId: active.runId) == .notFound)
    }

    @Test("deleting a finished run removes its task instances and XComs, nothing of other runs", arguments: StoreKind.allCases)
    func delete(_ kind: StoreKind) async throws {
        let (store, done, active) = try await Self.seeded(kind)
        #expect(try await store.deleteFinishedDagRun(dagId: "etl", runId: done.runId) == .done)
        #expect(try await store.dagRun(dagId: "etl", runId: done.runId) == nil)
        #expect(try await store.taskInstances(dagId: "etl", runId: done.runId).isEmpty)
        #expect(try await store.xcoms(dagId: "etl", runId: done.runId).isEmpty)
        #expect(try await store.dagRun(dagId: "etl", runId: active.runId) != nil)
    }

    @Test("ManualTrigger: run id and data interval from the timetable, or the exact instant without a definition")
    func manualTrigger() throws {
        let logical = StoreFixtures.date(hours: 30)
        let bare = ManualTrigger.run(dagId: "etl", definition: nil, logicalDate: logical, conf: ["x": .int(1)],
                                     now: StoreFixtures.date(hours: 40))
        #expect(bare.runId == DagRunType.manual.runId(logicalDate: logical))
        #expect(bare.dataIntervalStart == logical && bare.dataIntervalEnd == logical)
        #expect(bare.state == .queued && bare.runType == .manual && bare.conf == ["x": .int(1)])
        let now = Date(timeIntervalSince1970: 1_793_491_200.75)
        #expect(ManualTrigger.run(dagId: "etl", definition: nil, logicalDate: nil, conf: [:], now: now).logicalDate
            == Date(timeIntervalSince1970: 1_793_491_200))
        #expect(ManualTrigger.run(dagId: "etl", definition: nil, logicalDate: logical, runId: "mine", conf: [:], now: now).runId == "mine")
    }
}
