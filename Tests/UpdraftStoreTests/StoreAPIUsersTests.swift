import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): API users and tokens")
struct StoreAPIUsersTests {
    func user(_ name: String, _ role: APIRole = .viewer) -> APIUserRecord {
        APIUserRecord(username: name, role: role, passwordHash: "$2b$04$hash-of-\(name)", createdAt: StoreFixtures.date())
    }

    func token(_ id: String, _ name: String, expires: Date? = nil) -> APITokenRecord {
        APITokenRecord(tokenId: id, username: name, tokenHash: "sha-\(id)", createdAt: StoreFixtures.date(hours: 1), expiresAt: expires)
    }

    @Test("users are created once, read back, and deleted with their tokens; rows survive reopening", arguments: StoreKind.allCases)
    func lifecycle(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        #expect(try await store.createAPIUser(user("bo", .admin)))
        #expect(try await store.createAPIUser(user("ann", .operator)))
        #expect(try await !store.createAPIUser(user("ann", .admin)), "a taken username is refused")
        #expect(try await store.apiUser("ann")?.role == .operator)
        try await store.createAPIToken(token("tok_1", "ann", expires: StoreFixtures.date(hours: 24)))
        try await store.createAPIToken(token("tok_2", "bo"))
        await #expect(throws: StoreError.self) { try await store.createAPIToken(token("tok_3", "nobody")) }
        let reopened = try await StoreFixtures.reopen(store)
        #expect(try await reopened.apiUsers().map(\.username) == ["ann", "bo"])
        #expect(try await reopened.apiToken(hash: "sha-tok_1") == token("tok_1", "ann", expires: StoreFixtures.date(hours: 24)))
        #expect(try await reopened.apiToken(hash: "sha-tok_2")?.expiresAt == nil)
        #expect(try await reopened.deleteAPIToken(id: "tok_2"))
        #expect(try await !reopened.deleteAPIToken(id: "tok_2"))
        #expect(try await reopened.deleteAPIUser("ann"))
        #expect(try await !reopened.deleteAPIUser("ann"))
        #expect(try await reopened.apiTokens().isEmpty)
        #expect(try await reopened.apiUser("ann") == nil)
    }

    @Test("a user without a username or password hash is refused", arguments: StoreKind.allCases)
    func invalid(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        await #expect(throws: StoreError.self) { try await store.createAPIUser(user("")) }
        var noHash = user("x")
        noHash.passwordHash = ""
        await #expect(throws: StoreError.self) { try await store.createAPIUser(noHash) }
    }
}
