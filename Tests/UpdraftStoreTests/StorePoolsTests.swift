import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): pools, variables, change token")
struct StorePoolsTests {
    @Test("default_pool is seeded with 128 slots and cannot be deleted", arguments: StoreKind.allCases)
    func defaultPool(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        #expect(try await store.pools() == [PoolRecord(name: "default_pool", slots: 128, description: "Default pool")])
        let error = await #expect(throws: StoreError.self) { _ = try await store.deletePool(name: "default_pool") }
        #expect(error?.code == .invalidArgument)
        #expect(try await store.pools().count == 1)
    }

    @Test("pools are created, updated and deleted; bad slots are refused", arguments: StoreKind.allCases)
    func pools(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        try await store.setPool(PoolRecord(name: "db", slots: 2, description: "warehouse"))
        try await store.setPool(PoolRecord(name: "db", slots: 3, description: "warehouse"))
        try await store.setPool(PoolRecord(name: "api", slots: -1))
        #expect(try await store.pools().map(\.name) == ["api", "db", "default_pool"])
        #expect(try await store.pools().first { $0.name == "db" }?.slots == 3)
        let bad = await #expect(throws: StoreError.self) { try await store.setPool(PoolRecord(name: "x", slots: -2)) }
        #expect(bad?.code == .invalidArgument)
        #expect(bad?.description.contains("pool x") == true)
        #expect(try await store.deletePool(name: "db"))
        #expect(try await store.deletePool(name: "db") == false)
        #expect(try await store.pools().map(\.name) == ["api", "default_pool"])
    }

    @Test("variables are set, read, listed and deleted", arguments: StoreKind.allCases)
    func variables(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        #expect(try await store.variable("k") == nil)
        try await store.setVariable("k", "v1")
        try await store.setVariable("k", "v2")
        try await store.setVariable("json", #"{"a": 1}"#)
        #expect(try await store.variable("k") == "v2")
        #expect(try await store.variables() == ["k": "v2", "json": #"{"a": 1}"#])
        #expect(try await store.deleteVariable("k"))
        #expect(try await store.deleteVariable("k") == false)
        #expect(try await store.variables() == ["json": #"{"a": 1}"#])
    }

    @Test("dataVersion moves with every commit, the scheduler's group commits and another connection's writes included; not without one", arguments: StoreKind.allCases)
    func dataVersion(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let other = try await StoreFixtures.reopen(store)
        var version = try await store.dataVersion()
        #expect(try await store.dataVersion() == version)
        _ = try await store.dags()
        #expect(try await store.dataVersion() == version, "a read moved it")
        func expectMove(_ what: Comment, _ write: () async throws -> Void) async throws {
            try await write()
            let now = try await store.dataVersion()
            #expect(now != version, what)
            version = now
        }
        try await expectMove("commit") {
            var batch = StoreBatch()
            batch.dagRuns = [StoreFixtures.run(state: .running)]
            try await store.commit(batch)
        }
        try await expectMove("setPool") { try await store.setPool(PoolRecord(name: "p", slots: 1)) }
        try await expectMove("another connection's commit") {
            var batch = StoreBatch()
            batch.dagRuns = [StoreFixtures.run(state: .success)]
            try await other.commit(batch)
        }
        try await expectMove("another connection's variable") { try await other.setVariable("k", "v") }
    }

    @Test("every write but commit bumps the change token; no-op deletes do not", arguments: StoreKind.allCases)
    func changeToken(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var token = try await store.externalChangeToken()
        func expectBump(_ what: Comment, _ write: () async throws -> Void) async throws {
            try await write()
            let now = try await store.externalChangeToken()
            #expect(now == token + 1, what)
            token = now
        }
        try await expectBump("setPaused") { try await store.setPaused(dagId: "d", true) }
        try await expectBump("syncDags") { try await store.syncDags([DagRecord(dagId: "d")]) }
        try await expectBump("createDagRun") { try await store.createDagRun(StoreFixtures.run()) }
        try await expectBump("setPool") { try await store.setPool(PoolRecord(name: "p", slots: 1)) }
        try await expectBump("deletePool") { _ = try await store.deletePool(name: "p") }
        try await expectBump("setVariable") { try await store.setVariable("k", "v") }
        try await expectBump("deleteVariable") { _ = try await store.deleteVariable("k") }
        try await expectBump("replaceImportErrors") { try await store.replaceImportErrors([]) }
        var batch = StoreBatch()
        batch.dagRuns = [StoreFixtures.run(hours: 1)]
        try await store.commit(batch)
        _ = try await store.deleteVariable("missing")
        #expect(try await store.externalChangeToken() == token)
    }
}
