import Foundation
import Testing
@testable import UpdraftCore

@Suite("ScheduledRunPlanner: cron catch-up, catchup=false, caps, continuous, restarts")
struct ScheduledRunPlannerTests {
    static func timetable(_ text: String, catchup: Bool, end: String? = nil) throws -> Timetable {
        Timetable(schedule: try Schedule(parsing: text), timeZone: Zones.utc,
                  startDate: instant("2026-01-01T00:00:00Z"), endDate: end.map(instant), catchup: catchup)
    }

    static func plan(_ text: String, catchup: Bool = true, end: String? = nil, last: DataInterval? = nil,
                     now: String, active: Bool = false, cap: Int = 64) throws -> ScheduledRunPlanner.Plan {
        ScheduledRunPlanner.plan(try timetable(text, catchup: catchup, end: end), schedule: try Schedule(parsing: text),
                                 last: last, now: instant(now), hasActiveRun: active, maxPerPass: cap)
    }

    @Test("catchup: every hourly interval that has ended since start_date, then the next tick")
    func catchUp() throws {
        let p = try Self.plan("0 * * * *", now: "2026-01-01T05:30:00Z")
        #expect(p.due.map(\.dataInterval.start) == (0..<5).map { instant("2026-01-01T0\($0):00:00Z") })
        #expect(p.nextDueAt == instant("2026-01-01T06:00:00Z"))
    }

    @Test("a capped pass creates maxPerPass runs and asks to look again now")
    func capped() throws {
        let p = try Self.plan("0 * * * *", now: "2026-01-01T05:30:00Z", cap: 2)
        #expect(p.due.count == 2)
        #expect(p.nextDueAt == instant("2026-01-01T05:30:00Z"))
        // The next pass goes on from the last one created.
        let next = try Self.plan("0 * * * *", last: p.due.last!.dataInterval, now: "2026-01-01T05:30:00Z", cap: 2)
        #expect(next.due.map(\.dataInterval.start) == [instant("2026-01-01T02:00:00Z"), instant("2026-01-01T03:00:00Z")])
    }

    @Test("catchup=false: only the latest interval that has ended")
    func noCatchup() throws {
        let p = try Self.plan("0 * * * *", catchup: false, now: "2026-01-01T05:30:00Z")
        #expect(p.due.map(\.dataInterval) == [DataInterval(start: instant("2026-01-01T04:00:00Z"), end: instant("2026-01-01T05:00:00Z"))])
        #expect(p.nextDueAt == instant("2026-01-01T06:00:00Z"))
    }

    @Test("after a restart: from the latest scheduled interval in the store, nothing twice")
    func restart() throws {
        let last = DataInterval(start: instant("2026-01-01T03:00:00Z"), end: instant("2026-01-01T04:00:00Z"))
        let p = try Self.plan("0 * * * *", last: last, now: "2026-01-01T05:30:00Z")
        #expect(p.due.map(\.dataInterval.start) == [instant("2026-01-01T04:00:00Z")])
    }

    @Test("nothing due before the tick; the tick's time is the next look")
    func beforeTick() throws {
        let last = DataInterval(start: instant("2026-01-01T04:00:00Z"), end: instant("2026-01-01T05:00:00Z"))
        let p = try Self.plan("0 * * * *", last: last, now: "2026-01-01T05:59:59Z")
        #expect(p.due.isEmpty)
        #expect(p.nextDueAt == instant("2026-01-01T06:00:00Z"))
    }

    @Test("past end_date (the last interval may start at it, as in Airflow): nothing, and no next look")
    func ended() throws {
        let p = try Self.plan("0 * * * *", end: "2026-01-01T01:30:00Z",
                              last: DataInterval(start: instant("2026-01-01T01:00:00Z"), end: instant("2026-01-01T02:00:00Z")),
                              now: "2026-01-01T05:30:00Z")
        #expect(p.due.isEmpty)
        #expect(p.nextDueAt == nil)
    }

    @Test("continuous: one run when none is active, none while one is")
    func continuous() throws {
        #expect(try Self.plan("@continuous", now: "2026-01-01T05:30:00Z").due.count == 1)
        #expect(try Self.plan("@continuous", now: "2026-01-01T05:30:00Z", active: true).due.isEmpty)
    }

    @Test("no schedule: never")
    func none() throws {
        let p = ScheduledRunPlanner.plan(try Self.timetable("0 * * * *", catchup: true), schedule: .none, last: nil,
                                         now: instant("2026-01-01T05:30:00Z"), hasActiveRun: false, maxPerPass: 64)
        #expect(p.due.isEmpty && p.nextDueAt == nil)
    }
}
