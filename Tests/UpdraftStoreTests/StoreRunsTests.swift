import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): DAGs, runs, task instances, XComs")
struct StoreRunsTests {
    @Test("a run round-trips with its conf, dates and state", arguments: StoreKind.allCases)
    func runRoundTrip(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var run = StoreFixtures.run(type: .manual)
        run.conf = ["limit": .int(10), "tags": .array([.string("a"), .null]), "ratio": .double(0.5)]
        run.startDate = StoreFixtures.date(hours: 1)
        try await store.createDagRun(run)
        #expect(try await store.dagRun(dagId: "etl", runId: run.runId) == run)
        #expect(try await store.dagRun(dagId: "etl", runId: "nope") == nil)
    }

    @Test("dates read back equal to the ones written, to the last bit", arguments: StoreKind.allCases)
    func exactDates(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let run = StoreFixtures.run()
        var batch = StoreBatch()
        var instances: [TaskInstanceRecord] = []
        for i in 0..<50 {
            var ti = StoreFixtures.ti(run, "t\(i)")
            ti.startDate = Date()
            ti.endDate = Date(timeIntervalSinceReferenceDate: ti.startDate!.timeIntervalSinceReferenceDate + Double(i) * 1e-7)
            instances.append(ti)
        }
        batch.taskInstances = instances
        try await store.commit(batch)
        let read = try await store.taskInstances(dagId: "etl", runId: run.runId)
        let written = Set(instances)
        #expect(read.count == instances.count)
        #expect(read.filter { !written.contains($0) }.map(\.id.taskId) == [])
    }

    @Test("createDagRun refuses a second run with the same run_id or logical date", arguments: StoreKind.allCases)
    func duplicateRuns(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let run = StoreFixtures.run()
        try await store.createDagRun(run)
        let sameId = await #expect(throws: StoreError.self) { try await store.createDagRun(run) }
        #expect(sameId?.code == .duplicateRun)
        #expect(sameId?.description.contains("run_id '\(run.runId)'") == true)
        let sameDate = await #expect(throws: StoreError.self) {
            try await store.createDagRun(StoreFixtures.run(type: .manual))
        }
        #expect(sameDate?.code == .duplicateRun)
        #expect(sameDate?.description.contains("logical date 2026-11-01T00:00:00+00:00") == true)
        // Another DAG may use the same date.
        try await store.createDagRun(StoreFixtures.run("other"))
    }

    @Test("dagRuns: newest first, filtered by state, limited; active and latest runs", arguments: StoreKind.allCases)
    func runQueries(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        try await store.createDagRun(StoreFixtures.run(hours: 0, state: .success))
        try await store.createDagRun(StoreFixtures.run(hours: 1, state: .running))
        try await store.createDagRun(StoreFixtures.run(hours: 2, state: .queued, type: .manual))
        try await store.createDagRun(StoreFixtures.run("other", hours: 5, state: .failed))
        let all = try await store.dagRuns(dagId: "etl", states: nil, limit: nil)
        #expect(all.map(\.logicalDate) == [2, 1, 0].map { StoreFixtures.date(hours: $0) })
        #expect(try await store.dagRuns(dagId: "etl", states: [.success, .running], limit: nil).count == 2)
        #expect(try await store.dagRuns(dagId: "etl", states: nil, limit: 1).first?.state == .queued)
        #expect(try await store.dagRuns(dagId: "etl", states: [], limit: nil).isEmpty)
        #expect(try await store.activeDagRuns().map(\.state) == [.running, .queued])
        #expect(try await store.latestDagRun(dagId: "etl", runType: .scheduled)?.logicalDate == StoreFixtures.date(hours: 1))
        #expect(try await store.latestDagRun(dagId: "etl", runType: .backfill) == nil)
    }

    @Test("commit upserts runs, task instances and XComs; clearXComsOf deletes first", arguments: StoreKind.allCases)
    func commitUpserts(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var run = StoreFixtures.run()
        var a = StoreFixtures.ti(run, "a", maxTries: 2)
        let mapped = StoreFixtures.ti(run, "m", mapIndex: 3)
        var batch = StoreBatch()
        batch.dagRuns = [run]
        batch.taskInstances = [a, mapped]
        batch.xcoms = [XComRecord(id: a.id, value: .object(["rows": .int(3)])),
                       XComRecord(id: a.id, key: "extra", value: .string("x"))]
        try await store.commit(batch)
        #expect(try await store.taskInstances(dagId: "etl", runId: run.runId) == [a, mapped])
        #expect(try await store.xcoms(dagId: "etl", runId: run.runId).count == 2)

        run.state = .running
        a.state = .running
        a.tryNumber = 1
        a.startDate = StoreFixtures.date(hours: 1)
        a.workerId = "w1"
        a.hostname = "host"
        a.pid = 42
        a.errorMessage = "boom"
        a.nextTryAt = StoreFixtures.date(hours: 2)
        a.queuedAt = StoreFixtures.date(hours: 0.5)
        a.endDate = StoreFixtures.date(hours: 1.5)
        var second = StoreBatch()
        second.dagRuns = [run]
        second.taskInstances = [a]
        second.clearXComsOf = [a.id]
        second.xcoms = [XComRecord(id: a.id, value: .int(7))]
        try await store.commit(second)
        #expect(try await store.dagRun(dagId: "etl", runId: run.runId)?.state == .running)
        #expect(try await store.taskInstances(dagId: "etl", runId: run.runId).first == a)
        #expect(try await store.xcoms(dagId: "etl", runId: run.runId) == [XComRecord(id: a.id, value: .int(7))])
        #expect(try await store.taskInstances(inStates: [.running]) == [a])
        #expect(try await store.taskInstances(inStates: [.queued]).isEmpty)
        #expect(try await store.taskInstances(inStates: []).isEmpty)
    }

    @Test("clear: state none, try kept, max_tries = try + retries, XComs gone, run queued, in-flight left", arguments: StoreKind.allCases)
    func clear(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var run = StoreFixtures.run(state: .failed)
        run.endDate = StoreFixtures.date(hours: 1)
        // b was created with retries=2 and failed on its third try.
        var b = StoreFixtures.ti(run, "b", maxTries: 2)
        var batch = StoreBatch()
        batch.dagRuns = [run]
        batch.taskInstances = [b]
        try await store.commit(batch)
        b.state = .failed
        b.tryNumber = 3
        b.nextTryAt = StoreFixtures.date(hours: 3)
        batch.taskInstances = [b, StoreFixtures.ti(run, "running", state: .running, tryNumber: 1),
                               StoreFixtures.ti(run, "m", mapIndex: 0, state: .success, tryNumber: 1),
                               StoreFixtures.ti(run, "m", mapIndex: 1, state: .success, tryNumber: 1)]
        batch.xcoms = [XComRecord(id: b.id, value: .int(1))]
        try await store.commit(batch)
        let before = try await store.externalChangeToken()

        let cleared = try await store.clearTaskInstances(dagId: "etl", runId: run.runId, taskIds: ["b", "running", "m"])
        #expect(cleared == 3)
        let byKey = Dictionary(uniqueKeysWithValues: try await store.taskInstances(dagId: "etl", runId: run.runId)
            .map { ("\($0.id.taskId)\($0.id.mapIndex)", $0) })
        #expect(byKey["b-1"]?.state == TaskInstanceState.none)
        #expect(byKey["b-1"]?.tryNumber == 3)
        #expect(byKey["b-1"]?.maxTries == 5)
        #expect(byKey["b-1"]?.nextTryAt == nil)
        #expect(byKey["m0"]?.state == TaskInstanceState.none)
        #expect(byKey["m1"]?.maxTries == 1)
        #expect(byKey["running-1"]?.state == .running)
        #expect(try await store.xcoms(dagId: "etl", runId: run.runId).isEmpty)
        let after = try await store.dagRun(dagId: "etl", runId: run.runId)
        #expect(after?.state == .queued)
        #expect(after?.endDate == nil)
        #expect(try await store.externalChangeToken() == before + 1)

        // A second clear adds the task's retries to the try number again, not to max_tries.
        #expect(try await store.clearTaskInstances(dagId: "etl", runId: run.runId, taskIds: ["b"]) == 1)
        #expect(try await store.taskInstances(dagId: "etl", runId: run.runId).first { $0.id.taskId == "b" }?.maxTries == 5)
        #expect(try await store.clearTaskInstances(dagId: "etl", runId: run.runId, taskIds: ["zzz"]) == 0)
    }

    @Test("deleteFinishedRuns removes old finished runs with their task instances and XComs only", arguments: StoreKind.allCases)
    func deleteFinishedRuns(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var old = StoreFixtures.run(hours: 0, state: .success)
        old.endDate = StoreFixtures.date(hours: 1)
        var recent = StoreFixtures.run(hours: 10, state: .failed)
        recent.endDate = StoreFixtures.date(hours: 11)
        var oldButRunning = StoreFixtures.run(hours: 2, state: .running)
        oldButRunning.endDate = StoreFixtures.date(hours: 1)
        var batch = StoreBatch()
        batch.dagRuns = [old, recent, oldButRunning]
        batch.taskInstances = [StoreFixtures.ti(old, "a"), StoreFixtures.ti(recent, "a")]
        batch.xcoms = [XComRecord(id: StoreFixtures.ti(old, "a").id, value: .int(1))]
        try await store.commit(batch)

        let deleted = try await store.deleteFinishedRuns(endedBefore: StoreFixtures.date(hours: 5))
        #expect(deleted.map(\.runId) == [old.runId])
        #expect(try await store.dagRun(dagId: "etl", runId: old.runId) == nil)
        #expect(try await store.taskInstances(dagId: "etl", runId: old.runId).isEmpty)
        #expect(try await store.xcoms(dagId: "etl", runId: old.runId).isEmpty)
        #expect(try await store.taskInstances(dagId: "etl", runId: recent.runId).count == 1)
        #expect(try await store.dagRuns(dagId: "etl", states: nil, limit: nil).count == 2)
    }

    @Test("syncDags inserts new DAGs and never changes the paused flag of known ones", arguments: StoreKind.allCases)
    func syncDags(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        try await store.setPaused(dagId: "b", true)
        try await store.syncDags([DagRecord(dagId: "a", fileLocation: "/d/a.yml", lastParsedAt: StoreFixtures.date()),
                                  DagRecord(dagId: "b", fileLocation: "/d/b.yml", isPaused: false)])
        let dags = try await store.dags()
        #expect(dags.map(\.dagId) == ["a", "b"])
        #expect(dags[0] == DagRecord(dagId: "a", fileLocation: "/d/a.yml", isPaused: false, lastParsedAt: StoreFixtures.date()))
        #expect(dags[1].isPaused)
        #expect(dags[1].fileLocation == "/d/b.yml")
        try await store.setPaused(dagId: "b", false)
        #expect(try await store.dags()[1].isPaused == false)
    }

    @Test("import errors are replaced as a whole", arguments: StoreKind.allCases)
    func importErrors(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let first = ImportErrorRecord(fileLocation: "/d/x.yml", message: "x.yml:1:1: error: bad", timestamp: StoreFixtures.date())
        try await store.replaceImportErrors([first, ImportErrorRecord(fileLocation: "/d/a.yml", message: "m",
                                                                      timestamp: StoreFixtures.date())])
        #expect(try await store.importErrors().map(\.fileLocation) == ["/d/a.yml", "/d/x.yml"])
        try await store.replaceImportErrors([first])
        #expect(try await store.importErrors() == [first])
        try await store.replaceImportErrors([])
        #expect(try await store.importErrors().isEmpty)
    }
}

@Suite("Store (SQLite and PostgreSQL): one batch naming a row twice")
struct StoreBatchRepeatsTests {
    @Test("the last write of a run, task instance or XCom wins; the first insert's max_tries is what a clear adds to",
          arguments: StoreKind.allCases)
    func lastWins(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var run = StoreFixtures.run()
        var a = StoreFixtures.ti(run, "a", maxTries: 2)
        var batch = StoreBatch()
        batch.dagRuns = [run]
        batch.taskInstances = [a, StoreFixtures.ti(run, "b")]
        batch.xcoms = [XComRecord(id: a.id, value: .int(1))]
        run.state = .failed
        run.endDate = StoreFixtures.date(hours: 1)
        a.state = .failed
        a.tryNumber = 3
        a.maxTries = 3
        batch.dagRuns.append(run)
        batch.taskInstances.append(a)
        batch.xcoms.append(XComRecord(id: a.id, value: .int(2)))
        try await store.commit(batch)
        #expect(try await store.dagRun(dagId: "etl", runId: run.runId) == run)
        #expect(try await store.taskInstances(dagId: "etl", runId: run.runId).map(\.id.taskId) == ["a", "b"])
        #expect(try await store.taskInstances(dagId: "etl", runId: run.runId).first == a)
        #expect(try await store.xcoms(dagId: "etl", runId: run.runId) == [XComRecord(id: a.id, value: .int(2))])
        #expect(try await store.clearTaskInstances(dagId: "etl", runId: run.runId, taskIds: ["a"]) == 1)
        #expect(try await store.taskInstances(dagId: "etl", runId: run.runId).first?.maxTries == 5, "3 tries + 2 retries")
    }
}
