import Foundation
import Testing
@testable import UpdraftStore

@Suite("StoreLocation: store URLs")
struct StoreLocationTests {
    @Test("sqlite and postgres URLs parse; the password never shows")
    func parses() throws {
        #expect(try StoreLocation(parsing: "sqlite:///tmp/h/updraft.db") == .sqlite(path: "/tmp/h/updraft.db"))
        let pg = try StoreLocation(parsing: "postgres://ann:s%40cret@db.example:6543/updraft")
        #expect(pg == .postgres(PostgresLocation(user: "ann", password: "s@cret", host: "db.example", port: 6543,
                                                 database: "updraft")))
        #expect(pg.description == "postgres://ann:***@db.example:6543/updraft")
        #expect(try StoreLocation(parsing: "postgresql://ann@[::1]/d") ==
            .postgres(PostgresLocation(user: "ann", password: nil, host: "::1", port: 5432, database: "d")))
        #expect("\(pg)".contains("s@cret") == false)
    }

    @Test("bad URLs: one error naming the URL (password masked) and what is wrong",
          arguments: [
              ("mysql://u:pw@h/db", "unknown scheme 'mysql'"),
              ("postgres://u:pw@h:5432", "no database name"),
              ("postgres://u:pw@h:54x2/db", "port '54x2'"),
              ("postgres://u:pw@h:70000/db", "port '70000'"),
              ("postgres://h/db", "no user"),
              ("postgres://u:pw@/db", "no host"),
              ("sqlite://", "no database file path"),
              ("/just/a/path", "no scheme"),
              ("postgres://u:pw@h/db?sslmode=require", "parameters after '?' (sslmode=require) are not supported"),
          ])
    func refuses(url: String, why: String) {
        let error = #expect(throws: StoreError.self) { _ = try StoreLocation(parsing: url) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.description.contains(why) == true, "\(error.map { "\($0)" } ?? "")")
        #expect(error?.description.contains("pw@") == false)
        #expect(error?.description.contains(StoreLocation.mask(url)) == true)
    }

    @Test("--store wins over $UPDRAFT_STORE, which wins over the home's file")
    func resolution() throws {
        let home = UpdraftHome(root: URL(fileURLWithPath: "/tmp/h"))
        #expect(try StoreLocation.resolve(explicit: nil, home: home, environment: [:]) == .sqlite(path: home.databasePath))
        let env = ["UPDRAFT_STORE": "postgres://u@h/e"]
        #expect(try StoreLocation.resolve(explicit: nil, home: home, environment: env).description == "postgres://u@h:5432/e")
        #expect(try StoreLocation.resolve(explicit: "sqlite:///x.db", home: home, environment: env) == .sqlite(path: "/x.db"))
    }
}
