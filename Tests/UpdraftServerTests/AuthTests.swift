import Foundation
import Testing
import UpdraftServer
import UpdraftStore

/// Users, roles, sessions, CSRF and API tokens over real HTTP (`--api-auth users`).
@Suite("API: authentication and roles")
struct AuthTests {
    @Test("without credentials every route but /health answers 401 with WWW-Authenticate; /health stays open")
    func unauthenticated() async throws {
        try await withAPI(auth: .users) { _, http in
            #expect(try await http.get("/health").status == 200)
            for path in ["/dags", "/version", "/pools", "/variables", "/auth/me", "/dags/etl/dagRuns"] {
                let answer = try await http.get(path)
                expectProblem(answer, 401, mentioning: "authentication required")
                #expect(answer.headers["www-authenticate"] == "Bearer realm=\"updraft\"")
            }
            expectProblem(try await http.post("/dags/etl/dagRuns", "{}"), 401)
            expectProblem(try await http.post("/auth/logout", "{}"), 401)
        }
    }

    @Test("login sets an HttpOnly SameSite=Strict session cookie; GET works with it; a mutation needs X-CSRF-Token")
    func sessionAndCSRF() async throws {
        try await withAPI(auth: .users) { fixture, http in
            _ = try await AuthSeed.seed(fixture.store)
            let (session, csrf, answer) = try await http.login("otto")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.object["role"] as? String == "operator" && answer.object["auth"] as? String == "session")
            let cookies = answer.headers["set-cookie"] ?? ""
            #expect(cookies.contains("updraft_session=") && cookies.contains("HttpOnly") && cookies.contains("SameSite=Strict"), "\(cookies)")
            #expect(cookies.contains("updraft_csrf=\(csrf)"))
            #expect(csrf.count >= 32)
            #expect(try await session.get("/dags").status == 200)
            #expect(try await session.get("/auth/me").object["username"] as? String == "otto")
            expectProblem(try await session.patch("/dags/idle", #"{"is_paused": false}"#), 403, mentioning: "X-CSRF-Token")
            expectProblem(try await session.with(["X-CSRF-Token": "wrong"]).patch("/dags/idle", #"{"is_paused": false}"#), 403,
                          mentioning: "X-CSRF-Token")
            #expect(try await fixture.store.dags().first { $0.dagId == "idle" }?.isPaused == true, "nothing changed")
            let ok = try await session.with(["X-CSRF-Token": csrf]).patch("/dags/idle", #"{"is_paused": false}"#)
            #expect(ok.status == 200, "\(ok.text)")
            // Logout ends the session.
            #expect(try await session.with(["X-CSRF-Token": csrf]).post("/auth/logout", "{}").status == 204)
            expectProblem(try await session.get("/dags"), 401, mentioning: "expired or was logged out")
        }
    }

    @Test("roles: viewer reads, operator triggers and pauses, admin changes pools and variables; 403 names the role")
    func roles() async throws {
        try await withAPI(auth: .users) { fixture, http in
            let seed = try await AuthSeed.seed(fixture.store)
            let vera = http.bearer(seed.tokens["vera"]!), otto = http.bearer(seed.tokens["otto"]!), ada = http.bearer(seed.tokens["ada"]!)
            for client in [vera, otto, ada] {
                #expect(try await client.get("/dags").status == 200)
                #expect(try await client.get("/pools").status == 200)
            }
            expectProblem(try await vera.patch("/dags/idle", #"{"is_paused": false}"#), 403,
                          mentioning: "user 'vera' has role viewer: PATCH /dags/{dag_id} needs operator")
            expectProblem(try await vera.post("/dags/etl/dagRuns", "{}"), 403, mentioning: "needs operator")
            #expect(try await otto.patch("/dags/idle", #"{"is_paused": false}"#).status == 200)
            #expect(try await otto.post("/dags/etl/dagRuns", #"{"dag_run_id": "by_otto"}"#).status == 200)
            expectProblem(try await otto.post("/pools", #"{"name": "p", "slots": 2}"#), 403, mentioning: "needs admin")
            expectProblem(try await otto.post("/variables", #"{"key": "k", "value": "v"}"#), 403, mentioning: "needs admin")
            let created = try await ada.post("/pools", #"{"name": "p", "slots": 2}"#)
            #expect(created.status == 200 || created.status == 201, "\(created.text)")
            #expect(try await ada.delete("/pools/p").status == 204)
            #expect(try await ada.get("/auth/me").object["auth"] as? String == "token")
        }
    }

    @Test("bad login input is a 400 naming the field; a wrong password or unknown user the same 401", arguments: [
        (#"{"username": "", "password": "x"}"#, 400, "username must not be empty"),
        (#"{"username": "bad name", "password": "x"}"#, 400, "may hold only"),
        (#"{"username": "otto", "password": ""}"#, 400, "password must not be empty"),
        (#"{"username": "otto"}"#, 400, "missing required field 'password'"),
        (#"{"username": "otto", "password": "x", "role": "admin"}"#, 400, "unknown field 'role'"),
        (#"{"username": 7, "password": "x"}"#, 400, "field 'username' must be a string"),
        (#"{"username": "otto", "password": "x",}"#, 400, "not valid JSON"),
        (#"{"username": "otto", "password": "wrong"}"#, 401, "wrong username or password"),
        (#"{"username": "nobody", "password": "otto-pw"}"#, 401, "wrong username or password"),
    ])
    func badLogin(body: String, status: Int, detail: String) async throws {
        try await withAPI(auth: .users) { fixture, http in
            _ = try await AuthSeed.seed(fixture.store)
            let answer = try await http.post("/auth/login", body)
            expectProblem(answer, status, mentioning: detail)
            #expect(answer.headers["set-cookie"] == nil)
        }
    }

    @Test("five wrong passwords within a minute: the next login (even a right one) is 429 with Retry-After")
    func throttle() async throws {
        try await withAPI(auth: .users) { fixture, http in
            _ = try await AuthSeed.seed(fixture.store)
            for _ in 1...5 {
                expectProblem(try await http.post("/auth/login", #"{"username": "otto", "password": "guess"}"#), 401)
            }
            let blocked = try await http.login("otto").answer
            expectProblem(blocked, 429, mentioning: "5 wrong passwords for 'otto'")
            #expect(Int(blocked.headers["retry-after"] ?? "") ?? 0 >= 1)
            // Another user is not slowed down.
            #expect(try await http.login("vera").answer.status == 200)
        }
    }

    @Test("a malformed Authorization header is a 401 saying so", arguments: [
        "Basic b3R0bzpvdHRvLXB3", "Bearer", "Bearer ", "Bearer a b", "Token abc", "bearer\tabc",
    ])
    func malformedAuthorization(header: String) async throws {
        try await withAPI(auth: .users) { _, http in
            expectProblem(try await http.with(["Authorization": header]).get("/dags"), 401, mentioning: "Authorization")
        }
    }

    @Test("an unknown, expired or revoked token, and any token or session of a deleted user, is a 401")
    func deadTokens() async throws {
        try await withAPI(auth: .users) { fixture, http in
            let seed = try await AuthSeed.seed(fixture.store)
            expectProblem(try await http.bearer("updraft_nope").get("/dags"), 401, mentioning: "unknown or revoked API token")
            let expired = try await AuthSeed.token(for: "vera", fixture.store, expiresAt: APIFixture.now.addingTimeInterval(-1))
            expectProblem(try await http.bearer(expired.text).get("/dags"), 401, mentioning: "API token \(expired.id) expired")
            let never = try await AuthSeed.token(for: "vera", fixture.store, expiresAt: nil)
            #expect(try await http.bearer(never.text).get("/dags").status == 200)
            #expect(try await fixture.store.deleteAPIToken(id: never.id))
            expectProblem(try await http.bearer(never.text).get("/dags"), 401, mentioning: "unknown or revoked")
            let (session, _, _) = try await http.login("otto")
            #expect(try await session.get("/dags").status == 200)
            #expect(try await fixture.store.deleteAPIUser("otto"))
            expectProblem(try await http.bearer(seed.tokens["otto"]!).get("/dags"), 401, mentioning: "unknown or revoked")
            expectProblem(try await session.get("/dags"), 401, mentioning: "no longer exists")
            #expect(try await fixture.store.apiTokens().allSatisfy { $0.username != "otto" })
        }
    }

    @Test("with --api-auth none no credentials are asked for, and /auth/me says so")
    func authOff() async throws {
        try await withAPI(auth: .none) { _, http in
            #expect(try await http.patch("/dags/idle", #"{"is_paused": false}"#).status == 200)
            let me = try await http.get("/auth/me")
            #expect(me.object["auth"] as? String == "none" && me.object["role"] as? String == "admin", "\(me.text)")
        }
    }
}
