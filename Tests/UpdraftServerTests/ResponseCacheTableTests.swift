import NIOCore
import Testing
@testable import UpdraftServer

@Suite("ResponseCacheTable: a page is served again only at the same store version and within its age")
struct ResponseCacheTableTests {
    static let t0 = ContinuousClock.now
    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("same version and young: a hit; another version, another key or too old: a miss")
    func lookup() {
        var table = ResponseCacheTable(maxAge: .seconds(1), capacity: 4)
        table.insert("/dags", version: 7, builtAt: Self.t0, body: Self.body("a"))
        #expect(table.lookup("/dags", version: 7, now: Self.t0 + .milliseconds(999)) == Self.body("a"))
        #expect(table.lookup("/dags", version: 8, now: Self.t0) == nil)
        #expect(table.lookup("/dags?limit=1", version: 7, now: Self.t0) == nil)
        #expect(table.lookup("/dags", version: 7, now: Self.t0 + .seconds(1)) == nil)
        table.insert("/dags", version: 8, builtAt: Self.t0, body: Self.body("b"))
        #expect(table.lookup("/dags", version: 8, now: Self.t0) == Self.body("b"))
        #expect(table.entries.count == 1)
    }

    @Test("a full table drops other versions' entries first, then the oldest")
    func capacity() {
        var table = ResponseCacheTable(maxAge: .seconds(1), capacity: 2)
        table.insert("a", version: 1, builtAt: Self.t0, body: Self.body("a"))
        table.insert("b", version: 2, builtAt: Self.t0 + .milliseconds(1), body: Self.body("b"))
        table.insert("c", version: 2, builtAt: Self.t0 + .milliseconds(2), body: Self.body("c"))
        #expect(Set(table.entries.keys) == ["b", "c"])
        table.insert("d", version: 2, builtAt: Self.t0 + .milliseconds(3), body: Self.body("d"))
        #expect(Set(table.entries.keys) == ["c", "d"])
    }
}
