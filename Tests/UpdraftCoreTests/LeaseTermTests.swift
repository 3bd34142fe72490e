import Testing
import UpdraftCore

/// The lease holder's decisions, driven by instants: no clock, no store.
@Suite("LeaseTerm: when the active scheduler steps down")
struct LeaseTermTests {
    let start = ContinuousClock.now

    @Test("renewals every fifth of the term; a refused renewal steps down at once")
    func refused() {
        var term = LeaseTerm(ttl: .seconds(5), acquiredAt: start)
        #expect(term.renewEvery == .seconds(1))
        #expect(term.renewed(sentAt: start + .seconds(1), accepted: true, secondsSinceContender: nil) == .keep)
        #expect(term.lastRenewalSent == start + .seconds(1))
        guard case .stepDown(let why) = term.renewed(sentAt: start + .seconds(2), accepted: false, secondsSinceContender: nil)
        else { Issue.record("a refused renewal must step down"); return }
        #expect(why.contains("another scheduler"))
    }

    @Test("the database away and no standby ever asked: the lease is kept however long it lasts")
    func outageAlone() {
        var term = LeaseTerm(ttl: .seconds(5), acquiredAt: start)
        _ = term.renewed(sentAt: start + .seconds(1), accepted: true, secondsSinceContender: nil)
        for s in [2, 5, 10, 60, 600] {
            #expect(term.renewalFailed(at: start + .seconds(s)) == .keep, "\(s) s")
        }
    }

    @Test("a standby waiting: kept until a term minus one renewal period after the last renewal left, then stepped down")
    func outageWithStandby() {
        var term = LeaseTerm(ttl: .seconds(5), acquiredAt: start)
        _ = term.renewed(sentAt: start + .seconds(1), accepted: true, secondsSinceContender: 0.5)
        #expect(term.renewalFailed(at: start + .seconds(2)) == .keep)
        #expect(term.renewalFailed(at: start + .milliseconds(4900)) == .keep)
        guard case .stepDown(let why) = term.renewalFailed(at: start + .seconds(5)) else {
            Issue.record("4 s unrenewed with a standby waiting must step down"); return
        }
        #expect(why.contains("standby"))
    }

    @Test("a standby seen long before the last renewal (3 terms) no longer counts")
    func oldContender() {
        var term = LeaseTerm(ttl: .seconds(5), acquiredAt: start)
        _ = term.renewed(sentAt: start + .seconds(30), accepted: true, secondsSinceContender: 16)
        #expect(term.renewalFailed(at: start + .seconds(40)) == .keep)
        _ = term.renewed(sentAt: start + .seconds(41), accepted: true, secondsSinceContender: 14)
        if case .keep = term.renewalFailed(at: start + .seconds(46)) { Issue.record("a standby seen 14 s before counts") }
    }
}
