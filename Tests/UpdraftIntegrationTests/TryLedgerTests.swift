import Testing

/// ``TryLedger`` on hand-written evidence: pairing, overlaps, and each disagreement with the store.
@Suite("Chaos support: the try ledger")
struct TryLedgerTests {
    typealias Stored = TryLedger.StoredInstance

    @Test("start and end lines pair by key, try and pid; a try without an end stays open; junk is reported")
    func parsing() {
        let ledger = TryLedger(text: """
            a:-1 start 1 100 7 10.0
            b:-1 start 1 200 7 10.5
            a:-1 end 1 100 7 11.0
            garbage
            b:-1 end 1 999 7 12.0
            """)
        #expect(ledger.tries.count == 2)
        #expect(ledger.tries[0] == .init(key: "a:-1", tryNumber: 1, pid: 100, parent: 7, start: 10, end: 11))
        #expect(ledger.tries[1].end == nil)
        #expect(ledger.openPids == [200])
        #expect(ledger.badLines == ["garbage", "end without start: b:-1 end 1 999 7 12.0"])
    }

    @Test("tries of one instance overlap when one starts before the other stopped; open tries stop when seen gone")
    func overlaps() {
        let sequential = TryLedger(text: "a:-1 start 1 1 7 1.0\na:-1 end 1 1 7 2.0\na:-1 start 2 2 7 2.5\na:-1 end 2 2 7 3.0")
        #expect(sequential.overlaps.isEmpty)
        let overlapping = TryLedger(text: "a:-1 start 1 1 7 1.0\na:-1 start 2 2 7 1.5\na:-1 end 2 2 7 2.0\na:-1 end 1 1 7 3.0")
        #expect(overlapping.overlaps.count == 1)
        let otherTasks = TryLedger(text: "a:-1 start 1 1 7 1.0\nb:-1 start 1 2 7 1.5\nb:-1 end 1 2 7 2.0\na:-1 end 1 1 7 3.0")
        #expect(otherTasks.overlaps.isEmpty)
        let killed = "a:-1 start 1 1 7 1.0\na:-1 start 2 2 7 5.0\na:-1 end 2 2 7 6.0"
        #expect(TryLedger(text: killed).overlaps.count == 1, "never seen gone: counts as running forever")
        #expect(TryLedger(text: killed, gone: [1: 4.0]).overlaps.isEmpty)
        #expect(TryLedger(text: killed, gone: [1: 5.5]).overlaps.count == 1)
    }

    @Test("a try that ended after its worker was killed outlived it")
    func outlived() {
        let ledger = TryLedger(text: "a:-1 start 1 10 7 1.0\na:-1 end 1 10 7 3.0\nb:-1 start 1 11 8 1.0\nb:-1 end 1 11 8 1.5")
        let found = ledger.outlived(killed: [7: 2.0, 8: 2.0])
        #expect(found.map(\.0.key) == ["a:-1"])
        #expect(found.first?.1 == 1.0)
    }

    @Test("evidence that agrees with the store has no problems")
    func agreement() {
        let ledger = TryLedger(text: """
            a:-1 start 1 10 7 1.0
            a:-1 start 2 11 7 8.0
            a:-1 end 2 11 7 9.0
            b:-1 start 1 12 7 1.0
            b:-1 end 1 12 7 2.0
            """, gone: [10: 2.0])
        let store = ["a:-1": Stored(state: "success", tryNumber: 2, pid: 11), "b:-1": Stored(state: "success", tryNumber: 1, pid: 12),
                     "never:-1": Stored(state: "upstream_failed", tryNumber: 0, pid: nil)]
        #expect(ledger.problems(store: store).isEmpty)
    }

    @Test("each disagreement is named: try not counted, try run twice, final try without evidence, other pid, unknown task")
    func disagreements() {
        let ledger = TryLedger(text: """
            a:-1 start 3 10 7 1.0
            a:-1 end 3 10 7 2.0
            b:-1 start 1 20 7 1.0
            b:-1 end 1 20 7 2.0
            b:-1 start 1 21 7 3.0
            b:-1 end 1 21 7 4.0
            c:-1 start 1 30 7 1.0
            d:-1 start 1 40 7 1.0
            d:-1 end 1 40 7 2.0
            x:-1 start 1 50 7 1.0
            x:-1 end 1 50 7 2.0
            """, gone: [30: 1.5])
        let store = ["a:-1": Stored(state: "success", tryNumber: 2, pid: nil),
                     "b:-1": Stored(state: "success", tryNumber: 1, pid: 21),
                     "c:-1": Stored(state: "success", tryNumber: 1, pid: 30),
                     "d:-1": Stored(state: "success", tryNumber: 1, pid: 41)]
        let problems = ledger.problems(store: store)
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("a:-1: a:-1 try 3") && $0.contains("the store counts 2 tries") })
        #expect(problems.contains { $0.hasPrefix("a:-1: the store's try 2") })
        #expect(problems.contains { $0.hasPrefix("b:-1: try 1 ran 2 times") })
        #expect(problems.contains { $0.hasPrefix("c:-1: the store's try 1 (success) left no start and end lines") })
        #expect(problems.contains { $0.hasPrefix("d:-1: the store's try 1 ran as pid 41") })
        #expect(problems.contains { $0.hasPrefix("x:-1: tries seen") })
    }
}
