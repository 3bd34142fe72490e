import Foundation
import Testing
@testable import UpdraftCore

@Suite("Connection URIs (Airflow's form)")
struct ConnectionURITests {
    @Test("every part read and percent-decoded; query parameters become extra; postgresql is postgres")
    func parsesAllParts() throws {
        let c = try ConnectionURI.parse("postgresql://etl%40corp:p%2Fa%3Ass@db.internal:5433/sales%20db?sslmode=require&app=x+y", connId: "wh")
        #expect(c.connId == "wh")
        #expect(c.connType == "postgres")
        #expect(c.login == "etl@corp")
        #expect(c.password == "p/a:ss")
        #expect(c.host == "db.internal")
        #expect(c.port == 5433)
        #expect(c.schema == "sales db")
        #expect(c.extraObject == ["sslmode": .string("require"), "app": .string("x y")])
    }

    @Test("__extra__ holds the extra JSON; a dashed scheme is an underscored conn_type; IPv6 hosts")
    func extraAndTypes() throws {
        let c = try ConnectionURI.parse("google-cloud-platform://[::1]:8080/?__extra__=%7B%22retries%22%3A3%7D", connId: "g")
        #expect(c.connType == "google_cloud_platform")
        #expect(c.host == "::1" && c.port == 8080)
        #expect(c.extraObject == ["retries": .int(3)])
        let bare = try ConnectionURI.parse("http://example.com", connId: "h")
        #expect(bare.host == "example.com" && bare.port == nil && bare.login.isEmpty && bare.schema.isEmpty)
    }

    @Test("format then parse gives the same connection, whatever the password holds",
          arguments: ["plain", "p@ss:w/rd%?#&= +", "ünïcødé ✓", "", "'\"\\"])
    func roundTrip(password: String) throws {
        var c = Connection(connId: "db", connType: "my_type", host: "h.example", port: 5432, login: "u:ser",
                           password: password, schema: "s/1", extra: #"{"a":"1","b":"two words"}"#)
        if password.isEmpty { c.extra = #"{"n":5,"nested":{"x":true}}"# }
        let uri = ConnectionURI.format(c)
        #expect(uri.hasPrefix("my-type://"))
        var back = try ConnectionURI.parse(uri, connId: "db")
        back.description = c.description
        #expect(back.connType == "my_type")
        #expect(back.password == c.password)
        #expect(back.login == c.login && back.host == c.host && back.port == c.port && back.schema == c.schema)
        #expect(back.extraObject == c.extraObject)
    }

    @Test("malformed URIs: the error names the connection and the part", arguments: [
        ("no-scheme-here", "expected TYPE://"),
        ("://host", "connection type (the part before ://) is missing"),
        ("post gres://h", "contains ' '"),
        ("postgres://h:port", "port 'port' is not a number"),
        ("postgres://h:70000", "port '70000' is not a number from 0 to 65535"),
        ("postgres://u:p%zz@h", "the password has a '%' not followed by two hex digits"),
        ("postgres://[::1/x", "has no ']'"),
        ("postgres://h/?__extra__=[1]", "__extra__ is not a JSON object"),
    ])
    func malformed(uri: String, expected: String) {
        #expect {
            try ConnectionURI.parse(uri, connId: "bad_one")
        } throws: { error in
            let error = error as? ConnectionError
            return error?.code == .invalidURI && error?.context == "connection bad_one URI"
                && (error?.message.contains(expected) ?? false)
        }
    }

    @Test("secret values: the password, its URI form, and extra members with a secret-looking name")
    func secretValues() {
        let c = Connection(connId: "api", connType: "http", password: "a b/c",
                           extra: #"{"api_key":"k-123456","region":"eu-west-1"}"#)
        #expect(Set(c.secretValues) == ["a b/c", "a%20b%2Fc", "k-123456"])
        #expect(Connection.environmentName(for: "my-db.main") == "UPDRAFT_CONN_MY_DB_MAIN")
        #expect(Connection.problem(withID: "ok_id-1.x") == nil)
        #expect(Connection.problem(withID: "bad id")?.contains("contains ' '") == true)
    }
}

@Suite("Connections from the environment and from Airflow's JSON")
struct ConnectionSourcesTests {
    @Test("UPDRAFT_CONN_<ID>: a URI or a JSON object; conn_id in lower case; bad values reported, the rest kept")
    func environment() {
        let read = EnvironmentConnections.read([
            "UPDRAFT_CONN_MY_DB": "postgres://u:p@db:5432/x",
            "UPDRAFT_CONN_API": #"{"conn_type": "http", "host": "api.example", "port": "443", "extra": {"timeout": 5}}"#,
            "UPDRAFT_CONN_BROKEN": "postgres://h:notaport",
            "UPDRAFT_CONN_BADJSON": #"{"host": 1}"#,
            "UPDRAFT_VAR_X": "not a connection", "UPDRAFT_CONN_": "empty id",
        ])
        #expect(read.connections.keys.sorted() == ["api", "my_db"])
        #expect(read.connections["my_db"]?.password == "p")
        #expect(read.connections["api"]?.port == 443)
        #expect(read.connections["api"]?.extraObject == ["timeout": .int(5)])
        #expect(read.problems.map(\.context) == ["environment variable UPDRAFT_CONN_BADJSON", "environment variable UPDRAFT_CONN_BROKEN"])
        #expect(read.problems.first?.message.contains("'conn_type' is missing") == true)
    }

    @Test("Airflow's export JSON imports, and export reads back the same")
    func document() throws {
        let airflow = #"""
            {"my_pg": {"conn_type": "postgres", "description": "", "login": "etl", "password": "pw!", "host": "db",
                       "port": 5432, "schema": "sales", "extra": "{\"sslmode\": \"require\"}"},
             "slack_alerts": {"conn_type": "slack", "host": "https://hooks.slack.com/services/T/B/X", "extra": null,
                              "login": null, "password": null, "port": null, "schema": null, "description": "alerts"}}
            """#
        let connections = try ConnectionJSON.document(Data(airflow.utf8), at: "conns.json")
        #expect(connections.map(\.connId) == ["my_pg", "slack_alerts"])
        #expect(connections[0].password == "pw!" && connections[0].port == 5432)
        #expect(connections[0].extraObject == ["sslmode": .string("require")])
        #expect(connections[1].description == "alerts" && connections[1].login.isEmpty)
        let again = try ConnectionJSON.document(Data(ConnectionJSON.export(connections).utf8), at: "again")
        #expect(again == connections)
    }

    @Test("bad documents: the error names the file and the connection", arguments: [
        ("[1]", "expected an object of connections by conn_id"),
        (#"{"x": 3}"#, "connection 'x' is not an object"),
        (#"{"x": {"conn_type": "http", "hots": "h"}}"#, "conns.json, connection x: unknown field 'hots'"),
        (#"{"x": {"conn_type": "http", "port": 99999}}"#, "'port' must be a number from 0 to 65535"),
        (#"{"x": {"conn_type": "http", "extra": "[]"}}"#, "'extra' is not a JSON object"),
        (#"{"bad id": {"conn_type": "http"}}"#, "contains ' '"),
        ("{", "not JSON"),
    ])
    func badDocuments(text: String, expected: String) {
        #expect {
            try ConnectionJSON.document(Data(text.utf8), at: "conns.json")
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".hasPrefix("conns.json")
        }
    }

    @Test("templates read {{ conn.ID.field }}; an undefined connection fails the render naming it")
    func templates() throws {
        var context = TemplateContext(dagId: "d", taskId: "t", runId: "r", logicalDate: Date(timeIntervalSince1970: 0),
                                      dataIntervalStart: Date(timeIntervalSince1970: 0), dataIntervalEnd: Date(timeIntervalSince1970: 0))
        context.connections = ["db": Connection(connId: "db", connType: "postgres", host: "h", port: 5432, login: "u",
                                                password: "pw", extra: #"{"sslmode":"require"}"#)]
        let location = TemplateLocation(taskId: "t", field: "bash")
        let text = try TemplateRenderer.render(
            "{{ conn.db.login }}@{{ conn.db.host }}:{{ conn.db.port }} {{ conn.db.extra_dejson.sslmode }} {{ conn.db.conn_type }}",
            context: context, location: location)
        #expect(text == "u@h:5432 require postgres")
        #expect {
            try TemplateRenderer.render("psql {{ conn.nope.host }}", context: context, location: location)
        } throws: { error in
            "\(error)".contains("connection 'nope' is not defined (set UPDRAFT_CONN_NOPE or run updraft connections add nope)")
        }
        #expect(TemplateRenderer.warnings("{{ conn.db.host }}").isEmpty)
    }
}
