import Testing
import UpdraftCore

@Suite("Store outage: said once, retried with backoff")
struct StoreOutageTests {
    let t0 = ContinuousClock.now
    let store = "postgres://u:***@db:5432/x"

    @Test("an answering store says nothing; the first failure says so, later ones do not; backoff doubles to 5 s")
    func failures() {
        var outage = StoreOutage()
        #expect(outage.answered(at: t0) == nil)
        let first = outage.failed("connection refused", at: t0, store: store)
        #expect(first.line?.contains("metadata store postgres://u:***@db:5432/x unreachable: connection refused") == true)
        #expect(first.retryAfter == .milliseconds(250))
        var delays: [Duration] = [first.retryAfter]
        for i in 1..<8 {
            let next = outage.failed("connection refused", at: t0 + .seconds(i), store: store)
            #expect(next.line == nil)
            delays.append(next.retryAfter)
        }
        #expect(delays == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4),
                           .seconds(5), .seconds(5), .seconds(5)])
        #expect(outage.isOngoing)
        #expect(outage.answered(at: t0 + .milliseconds(30_250)) == "metadata store answering again after 30.2 s: dispatching resumes")
        #expect(!outage.isOngoing && outage.failures == 0)
        // A new outage is said again, and starts from the first delay.
        #expect(outage.failed("x", at: t0 + .seconds(40), store: store) .retryAfter == .milliseconds(250))
    }

    @Test("a silent commit is said once; a failure after it names the error once; the end names the whole outage")
    func silence() {
        var outage = StoreOutage()
        let line = outage.silent(since: t0, store: store)
        #expect(line?.contains("has not answered for 2.0 s: dispatching paused") == true)
        #expect(outage.silent(since: t0 + .seconds(3), store: store) == nil)
        #expect(outage.failed("pool gave up", at: t0 + .seconds(60), store: store).line?.contains("still unreachable: pool gave up") == true)
        #expect(outage.failed("pool gave up", at: t0 + .seconds(61), store: store).line == nil)
        #expect(outage.answered(at: t0 + .seconds(62))?.contains("after 62.0 s") == true)
    }
}
