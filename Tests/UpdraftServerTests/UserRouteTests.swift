import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: users (admin only)")
struct UserRouteTests {
    @Test("admin lists, creates (bcrypt, never echoed), reads and deletes users; the new user logs in; a deleted one cannot")
    func crud() async throws {
        try await withAPI(auth: .users) { fixture, http in
            let seed = try await AuthSeed.seed(fixture.store)
            let admin = http.bearer(seed.tokens["ada"] ?? "")
            let list = try await admin.get("/users")
            #expect(list.status == 200)
            #expect(list.list("users").compactMap { $0["username"] as? String } == ["ada", "otto", "vera"])
            #expect(!list.text.contains("$2b$"), "a hash in the answer: \(list.text)")
            let created = try await admin.post("/users", #"{"username": "nia", "password": "nia-pw-123", "role": "operator"}"#)
            #expect(created.status == 200, "\(created.text)")
            #expect(created.object["role"] as? String == "operator" && !created.text.contains("nia-pw-123"))
            let stored = try #require(try await fixture.store.apiUser("nia"))
            #expect(stored.passwordHash.hasPrefix("$2"))
            #expect(try await APIPasswords.verify("nia-pw-123", hash: stored.passwordHash))
            #expect(try await admin.get("/users/nia").object["username"] as? String == "nia")
            let (nia, _, login) = try await http.login("nia", password: "nia-pw-123")
            #expect(login.status == 200)
            #expect(try await nia.get("/dags").status == 200)
            expectProblem(try await admin.post("/users", #"{"username": "nia", "password": "x", "role": "viewer"}"#), 409, mentioning: "already exists")
            #expect(try await admin.delete("/users/nia").status == 204)
            expectProblem(try await nia.get("/dags"), 401, mentioning: "no longer exists")
            expectProblem(try await admin.get("/users/nia"), 404, mentioning: "no user 'nia'")
            expectProblem(try await admin.delete("/users/nia"), 404, mentioning: "no user 'nia'")
        }
    }

    @Test("viewer and operator get 403 on every user route, and nothing changes")
    func rolesTooLow() async throws {
        try await withAPI(auth: .users) { fixture, http in
            let seed = try await AuthSeed.seed(fixture.store)
            for name in ["vera", "otto"] {
                let client = http.bearer(seed.tokens[name] ?? "")
                expectProblem(try await client.get("/users"), 403, mentioning: "needs admin")
                expectProblem(try await client.get("/users/ada"), 403, mentioning: "needs admin")
                expectProblem(try await client.post("/users", #"{"username": "x", "password": "y", "role": "admin"}"#), 403)
                expectProblem(try await client.delete("/users/ada"), 403)
            }
            #expect(try await fixture.store.apiUsers().map(\.username).sorted() == ["ada", "otto", "vera"])
        }
    }

    @Test("bad create input: 400 naming the field, nothing created", arguments: [
        (#"{"username": "", "password": "p", "role": "viewer"}"#, "field 'username'"),
        (#"{"username": "a b", "password": "p", "role": "viewer"}"#, "field 'username'"),
        (#"{"username": "u", "password": "", "role": "viewer"}"#, "field 'password'"),
        (#"{"username": "u", "password": "p", "role": "root"}"#, "field 'role' must be one of viewer, operator, admin"),
        (#"{"username": "u", "password": "p"}"#, "missing required field 'role'"),
        (#"{"username": "u", "password": "p", "role": "viewer", "email": "e"}"#, "unknown field 'email'"),
        (#"{"username": 5, "password": "p", "role": "viewer"}"#, "must be a string"),
    ])
    func badInput(body: String, mention: String) async throws {
        try await withAPI { fixture, http in
            expectProblem(try await http.post("/users", body), 400, mentioning: mention)
            #expect(try await fixture.store.apiUsers().isEmpty)
        }
    }
}
