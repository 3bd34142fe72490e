import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): two stores on one database, concurrent writers")
struct StoreConcurrencyTests {
    @Test("a second store on the same database (another process) sees writes and the change token at once",
          arguments: StoreKind.allCases)
    func secondConnection(_ kind: StoreKind) async throws {
        let scheduler = try await StoreFixtures.store(kind)
        let cli = try await StoreFixtures.reopen(scheduler)
        let before = try await scheduler.externalChangeToken()
        try await cli.setPaused(dagId: "etl", true)
        try await cli.setPool(PoolRecord(name: "db", slots: 1))
        #expect(try await scheduler.externalChangeToken() == before + 2)
        #expect(try await scheduler.dags().first?.isPaused == true)
        var batch = StoreBatch()
        batch.dagRuns = [StoreFixtures.run()]
        try await scheduler.commit(batch)
        #expect(try await cli.dagRuns(dagId: "etl", states: nil, limit: nil).count == 1)
        #expect(try await scheduler.externalChangeToken() == before + 2, "a group commit does not bump the change token")
    }

    @Test("writes from two stores at once all land, and the change token counts every external write",
          arguments: StoreKind.allCases)
    func concurrentWriters(_ kind: StoreKind) async throws {
        let one = try await StoreFixtures.store(kind)
        let two = try await StoreFixtures.reopen(one)
        let before = try await one.externalChangeToken()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<50 {
                group.addTask { try await one.setVariable("one\(i)", "\(i)") }
                group.addTask { try await two.setVariable("two\(i)", "\(i)") }
                group.addTask {
                    var batch = StoreBatch()
                    batch.dagRuns = [StoreFixtures.run(hours: Double(i))]
                    try await two.commit(batch)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await two.variables().count == 100)
        #expect(try await one.dagRuns(dagId: "etl", states: nil, limit: nil).count == 50)
        #expect(try await two.externalChangeToken() == before + 100)
    }

    @Test("runs created at once for one logical date from two stores: exactly one lands, the others are duplicateRun",
          arguments: StoreKind.allCases)
    func racingRunCreation(_ kind: StoreKind) async throws {
        let one = try await StoreFixtures.store(kind)
        let two = try await StoreFixtures.reopen(one)
        let outcomes = await withTaskGroup(of: StoreError.Code?.self) { group in
            for i in 0..<10 {
                let store = i.isMultiple(of: 2) ? one : two
                group.addTask {
                    do {
                        try await store.createDagRun(StoreFixtures.run(runId: "manual_\(i)", type: .manual))
                        return nil
                    } catch let error as StoreError {
                        return error.code
                    } catch {
                        return StoreError.Code(rawValue: "\(error)")
                    }
                }
            }
            var all: [StoreError.Code?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.filter { $0 == .duplicateRun }.count == 9)
        #expect(try await one.dagRuns(dagId: "etl", states: nil, limit: nil).count == 1)
    }
}
