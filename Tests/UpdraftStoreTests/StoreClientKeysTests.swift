import Foundation
import Testing
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): allowed client keys")
struct StoreClientKeysTests {
    static let keyA = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
    static let keyB = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"

    func record(_ name: String, _ key: String = keyA, role: ClientKeyRole = .worker, queues: [String] = []) -> AllowedKeyRecord {
        AllowedKeyRecord(name: name, publicKey: key, role: role, queues: queues, addedAt: StoreFixtures.date(hours: 2))
    }

    @Test("keys are allowed once per name and per key, read back by name, revoked; each change moves the version",
          arguments: StoreKind.allCases)
    func lifecycle(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let v0 = try await store.allowListVersion()
        #expect(try await store.allowKey(record("etl-1", queues: ["heavy", "etl", "etl"])) == .added)
        let v1 = try await store.allowListVersion()
        #expect(v1 != v0)
        #expect(try await store.allowKey(record("etl-1", Self.keyB)) == .nameTaken)
        #expect(try await store.allowKey(record("other", Self.keyA)) == .keyTaken(name: "etl-1"))
        #expect(try await store.allowListVersion() == v1, "a refused allow changes nothing")
        #expect(try await store.allowKey(record("dash", Self.keyB, role: .subscriber)) == .added)
        let reopened = try await StoreFixtures.reopen(store)
        let keys = try await reopened.allowedKeys()
        #expect(keys == [record("dash", Self.keyB, role: .subscriber), record("etl-1", queues: ["etl", "heavy"])])
        #expect(keys[1].queues == ["etl", "heavy"])
        #expect(try await reopened.revokeKey(name: "etl-1"))
        #expect(try await !reopened.revokeKey(name: "etl-1"))
        #expect(try await reopened.allowListVersion() != v1)
        #expect(try await reopened.allowedKeys().map(\.name) == ["dash"])
        #expect(try await reopened.allowKey(record("etl-2", Self.keyA)) == .added, "a revoked key may be allowed again")
    }

    @Test("a record with problems is refused naming the field, and nothing changes", arguments: StoreKind.allCases)
    func invalid(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let before = try await store.allowListVersion()
        for (bad, field) in [(record(""), "name"), (record("x", "short"), "key"), (record("x", queues: ["etl", ""]), "queues"),
                             (record("x", role: .subscriber, queues: ["etl"]), "queues")] {
            let error = await #expect(throws: StoreError.self) { try await store.allowKey(bad) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains(field) == true, "\(error?.message ?? "")")
        }
        #expect(try await store.allowedKeys().isEmpty)
        #expect(try await store.allowListVersion() == before)
    }
}
