import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: pools and variables")
struct PoolVariableRouteTests {
    @Test("pools: create, list with slot use, one, update, delete")
    func poolsCRUD() async throws {
        try await withAPI { fixture, http in
            let created = try await http.post("/pools", #"{"name": "db", "slots": 3, "description": "the database"}"#)
            #expect(created.status == 200, "\(created.text)")
            #expect(created.object["slots"] as? Int == 3)
            #expect(created.object["open_slots"] as? Int == 3)
            let list = try await http.get("/pools")
            #expect(list.list("pools").compactMap { $0["name"] as? String } == ["db", "default_pool"])
            // The running extract takes a slot of default_pool.
            #expect(list.list("pools").last?["running_slots"] as? Int == 1)
            let patched = try await http.patch("/pools/db", #"{"slots": -1}"#)
            #expect(patched.object["slots"] as? Int == -1)
            #expect(patched.object["description"] as? String == "the database")
            #expect(try await fixture.store.pools().first { $0.name == "db" }?.slots == -1)
            #expect(try await http.get("/pools/db").object["slots"] as? Int == -1)
            #expect(try await http.delete("/pools/db").status == 204)
            #expect(try await fixture.store.pools().map(\.name) == ["default_pool"])
        }
    }

    @Test("pools with bad input: 400/404/409, nothing changed", arguments: [
        ("POST", "/pools", #"{"name": "db", "slots": "3"}"#, 400, "must be an integer"),
        ("POST", "/pools", #"{"name": "db", "slots": -2}"#, 400, "-1..."),
        ("POST", "/pools", #"{"name": "db", "slots": true}"#, 400, "must be an integer"),
        ("POST", "/pools", #"{"name": "db", "slots": 2.5}"#, 400, "must be an integer"),
        ("POST", "/pools", #"{"name": "d b", "slots": 1}"#, 400, "no spaces"),
        ("POST", "/pools", #"{"slots": 1}"#, 400, "missing required field 'name'"),
        ("POST", "/pools", #"{"name": "db", "slots": 1, "include_deferred": true}"#, 400, "unknown field"),
        ("POST", "/pools", #"{"name": "default_pool", "slots": 1}"#, 409, "already exists"),
        ("PATCH", "/pools/nope", #"{"slots": 1}"#, 404, "no pool 'nope'"),
        ("PATCH", "/pools/default_pool", #"{"name": "other"}"#, 400, "unknown field 'name'"),
        ("POST", "/pools", #"{"name": "a\u0000b", "slots": 1}"#, 400, "control characters"),
        ("DELETE", "/pools/default_pool", "", 409, "cannot be deleted"),
        ("DELETE", "/pools/nope", "", 404, "no pool 'nope'"),
        ("GET", "/pools/nope", "", 404, "no pool 'nope'"),
    ])
    func poolsBad(method: String, path: String, body: String, status: Int, mention: String) async throws {
        try await withAPI { fixture, http in
            let answer = try await http.send(method, path, body: body.isEmpty ? nil : Data(body.utf8))
            #expect(answer.isProblem(status, mentioning: mention), "\(answer.status) \(answer.text)")
            #expect(try await fixture.store.pools().map { "\($0.name):\($0.slots)" } == ["default_pool:128"])
        }
    }

    @Test("variables: create, list (secret-named values masked), one, update, delete")
    func variablesCRUD() async throws {
        try await withAPI { fixture, http in
            #expect(try await http.post("/variables", #"{"key": "region", "value": "eu"}"#).status == 200)
            let secret = try await http.post("/variables", #"{"key": "db_password", "value": "hunter2"}"#)
            #expect(secret.object["value"] as? String == "***")
            let list = try await http.get("/variables")
            #expect(list.object["total_entries"] as? Int == 2)
            #expect(!list.text.contains("hunter2"))
            #expect(try await http.get("/variables/region").object["value"] as? String == "eu")
            #expect(try await http.get("/variables/db_password").object["value"] as? String == "***")
            #expect(try await http.patch("/variables/region", #"{"value": "us"}"#).object["value"] as? String == "us")
            #expect(try await fixture.store.variable("region") == "us")
            #expect(try await VariableVault(store: fixture.store, home: fixture.home).value("db_password")! == ("hunter2", true))
            #expect(try await fixture.store.variable("db_password") != "hunter2")
            // is_sensitive masks any key, and sticks when the value is changed without it.
            let marked = try await http.post("/variables", #"{"key": "report_code", "value": "x7", "is_sensitive": true}"#)
            #expect(marked.object["value"] as? String == "***" && marked.object["is_sensitive"] as? Bool == true)
            #expect(try await http.patch("/variables/report_code", #"{"value": "x8"}"#).object["value"] as? String == "***")
            #expect(try await http.get("/variables/report_code").object["is_sensitive"] as? Bool == true)
            #expect(try await VariableVault(store: fixture.store, home: fixture.home).value("report_code")! == ("x8", true))
            #expect(try await http.get("/variables/region").object["is_sensitive"] as? Bool == false)
            #expect(try await http.delete("/variables/report_code").status == 204)
            #expect(try await http.delete("/variables/region").status == 204)
            #expect(try await fixture.store.variable("region") == nil)
        }
    }

    @Test("variables with bad input: 400/404/409", arguments: [
        ("POST", "/variables", #"{"key": "k", "value": 5}"#, 400, "must be a string"),
        ("POST", "/variables", #"{"key": "", "value": "v"}"#, 400, "must not be empty"),
        ("POST", "/variables", #"{"key": "k"}"#, 400, "missing required field 'value'"),
        ("POST", "/variables", #"{"key": "k", "value": "v", "description": "d"}"#, 400, "unknown field 'description'"),
        ("POST", "/variables", #"{"key": "seeded", "value": "v"}"#, 409, "already exists"),
        ("PATCH", "/variables/nope", #"{"value": "v"}"#, 404, "no variable 'nope'"),
        ("PATCH", "/variables/seeded", #"{"key": "other", "value": "v"}"#, 400, "unknown field 'key'"),
        ("POST", "/variables", #"{"key": "a\u0000b", "value": "v"}"#, 400, "control characters"),
        ("POST", "/variables", #"{"key": "k", "value": "v", "is_sensitive": "yes"}"#, 400, "is_sensitive"),
        ("GET", "/variables/nope", "", 404, "no variable 'nope'"),
        ("DELETE", "/variables/nope", "", 404, "no variable 'nope'"),
    ])
    func variablesBad(method: String, path: String, body: String, status: Int, mention: String) async throws {
        try await withAPI { fixture, http in
            try await fixture.store.setVariable("seeded", "1")
            let answer = try await http.send(method, path, body: body.isEmpty ? nil : Data(body.utf8))
            #expect(answer.isProblem(status, mentioning: mention), "\(answer.status) \(answer.text)")
            #expect(try await fixture.store.variables() == ["seeded": "1"])
        }
    }
}
