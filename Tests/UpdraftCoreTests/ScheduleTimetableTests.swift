import Foundation
import Testing
@testable import UpdraftCore

@Suite("Timetable")
struct ScheduleTimetableTests {
    func timetable(
        _ text: String, start: String?, end: String? = nil, catchup: Bool = true, zone: TimeZone = Zones.utc
    ) throws -> Timetable {
        Timetable(
            schedule: try Schedule(parsing: text), timeZone: zone, startDate: start.map(instant),
            endDate: end.map(instant), catchup: catchup
        )
    }

    func interval(_ start: String, _ end: String) -> DataInterval {
        DataInterval(start: instant(start), end: instant(end))
    }

    @Test("@daily: logical date is the interval start, the run fires at its end")
    func dailyFirstRuns() throws {
        let t = try timetable("@daily", start: "2026-01-01T00:00:00Z")
        let first = try #require(t.nextRun(after: nil, now: instant("2026-01-05T10:00:00Z")))
        #expect(first.logicalDate == instant("2026-01-01T00:00:00Z"))
        #expect(first.dataInterval == interval("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"))
        #expect(first.runAfter == instant("2026-01-02T00:00:00Z"))
        let second = try #require(t.nextRun(after: first.dataInterval, now: instant("2026-01-05T10:00:00Z")))
        #expect(second.dataInterval == interval("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"))
    }

    @Test("cron intervals start at the first fire time >= start_date")
    func unalignedStart() throws {
        let t = try timetable("@daily", start: "2026-01-01T10:00:00Z")
        let first = try #require(t.nextRun(after: nil, now: instant("2026-02-01T00:00:00Z")))
        #expect(first.dataInterval == interval("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"))
    }

    @Test("catchup=false runs only the latest interval that has ended")
    func noCatchup() throws {
        let t = try timetable("@daily", start: "2026-01-01T00:00:00Z", catchup: false)
        let now = instant("2026-01-05T10:00:00Z")
        #expect(t.nextRun(after: nil, now: now)?.dataInterval == interval("2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z"))
        // On a boundary, the interval ending exactly now counts as ended.
        let onBoundary = t.nextRun(after: nil, now: instant("2026-01-05T00:00:00Z"))
        #expect(onBoundary?.dataInterval == interval("2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z"))
        // An old last run: skip the missed intervals.
        let old = interval("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")
        #expect(t.nextRun(after: old, now: now)?.logicalDate == instant("2026-01-04T00:00:00Z"))
        // Up to date: the next interval, which fires in the future.
        let recent = interval("2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z")
        let next = try #require(t.nextRun(after: recent, now: now))
        #expect(next.logicalDate == instant("2026-01-05T00:00:00Z"))
        #expect(next.runAfter == instant("2026-01-06T00:00:00Z"))
        // Before start_date: the first interval, in the future.
        let early = t.nextRun(after: nil, now: instant("2025-12-20T00:00:00Z"))
        #expect(early?.dataInterval == interval("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"))
    }

    @Test("catchup=true continues right after the last run however old")
    func catchupContinues() throws {
        let t = try timetable("0 6 * * *", start: "2026-01-01T00:00:00Z", catchup: true)
        let last = interval("2026-01-02T06:00:00Z", "2026-01-03T06:00:00Z")
        let next = t.nextRun(after: last, now: instant("2026-03-01T00:00:00Z"))
        #expect(next?.dataInterval == interval("2026-01-03T06:00:00Z", "2026-01-04T06:00:00Z"))
    }

    @Test("end_date stops runs whose logical date is after it")
    func endDate() throws {
        let t = try timetable("@daily", start: "2026-01-01T00:00:00Z", end: "2026-01-03T00:00:00Z")
        let now = instant("2026-02-01T00:00:00Z")
        let lastAllowed = t.nextRun(after: interval("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"), now: now)
        #expect(lastAllowed?.logicalDate == instant("2026-01-03T00:00:00Z"))
        #expect(t.nextRun(after: interval("2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"), now: now) == nil)
        let noCatchup = try timetable("@daily", start: "2026-01-01T00:00:00Z", end: "2026-01-03T00:00:00Z", catchup: false)
        #expect(noCatchup.nextRun(after: nil, now: now) == nil)
    }

    @Test("fixed intervals are aligned to start_date")
    func fixedIntervals() throws {
        let t = try timetable("6h", start: "2026-01-01T01:00:00Z")
        let first = try #require(t.nextRun(after: nil, now: instant("2026-01-03T00:00:00Z")))
        #expect(first.dataInterval == interval("2026-01-01T01:00:00Z", "2026-01-01T07:00:00Z"))
        let second = t.nextRun(after: first.dataInterval, now: instant("2026-01-03T00:00:00Z"))
        #expect(second?.dataInterval == interval("2026-01-01T07:00:00Z", "2026-01-01T13:00:00Z"))
        let latest = try timetable("6h", start: "2026-01-01T01:00:00Z", catchup: false)
        #expect(latest.nextRun(after: nil, now: instant("2026-01-02T02:00:00Z"))?.dataInterval
            == interval("2026-01-01T19:00:00Z", "2026-01-02T01:00:00Z"))
    }

    @Test("@once runs once at start_date; none never runs by itself")
    func onceAndNone() throws {
        let once = try timetable("@once", start: "2026-01-01T12:00:00Z")
        let run = try #require(once.nextRun(after: nil, now: instant("2025-06-01T00:00:00Z")))
        #expect(run == .exact(instant("2026-01-01T12:00:00Z")))
        #expect(run.dataInterval.start == run.dataInterval.end)
        #expect(once.nextRun(after: run.dataInterval, now: instant("2026-06-01T00:00:00Z")) == nil)
        let ended = try timetable("@once", start: "2026-01-01T12:00:00Z", end: "2026-01-01T00:00:00Z")
        #expect(ended.nextRun(after: nil, now: instant("2026-06-01T00:00:00Z")) == nil)
        let none = try timetable("none", start: "2026-01-01T00:00:00Z")
        #expect(none.nextRun(after: nil, now: instant("2026-06-01T00:00:00Z")) == nil)
        #expect(none.fireTimes(after: instant("2025-01-01T00:00:00Z"), count: 3).isEmpty)
        for catchup in [true, false] {
            let noStart = try timetable("@daily", start: nil, catchup: catchup)
            #expect(noStart.nextRun(after: nil, now: instant("2026-06-01T00:00:00Z")) == nil)
        }
    }

    @Test("@continuous starts the next run as soon as the last ends")
    func continuous() throws {
        let t = try timetable("@continuous", start: "2026-01-01T00:00:00Z")
        let now = instant("2026-01-02T08:00:00Z")
        #expect(t.nextRun(after: nil, now: now)?.dataInterval == interval("2026-01-01T00:00:00Z", "2026-01-02T08:00:00Z"))
        let last = interval("2026-01-01T00:00:00Z", "2026-01-02T07:00:00Z")
        let next = try #require(t.nextRun(after: last, now: now))
        #expect(next.dataInterval == interval("2026-01-02T07:00:00Z", "2026-01-02T08:00:00Z"))
        #expect(next.runAfter == now)
    }

    @Test("backfill: every logical date in [start, end]")
    func backfill() throws {
        let t = try timetable("@daily", start: "2025-01-01T00:00:00Z")
        let runs = t.runs(between: instant("2026-01-01T00:00:00Z"), and: instant("2026-01-03T00:00:00Z"))
        #expect(runs.map(\.logicalDate) == ["2026-01-01", "2026-01-02", "2026-01-03"].map { instant($0 + "T00:00:00Z") })
        #expect(runs.last?.runAfter == instant("2026-01-04T00:00:00Z"))
        let ended = try timetable("@daily", start: "2025-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z")
        #expect(ended.runs(between: instant("2026-01-01T00:00:00Z"), and: instant("2026-01-09T00:00:00Z")).count == 2)
        #expect(t.runs(between: instant("2026-01-01T00:00:00Z"), and: instant("2026-12-31T00:00:00Z"), limit: 5).count == 5)
        let twelve = try timetable("12h", start: "2026-01-01T00:00:00Z")
        let half = twelve.runs(between: instant("2026-01-01T06:00:00Z"), and: instant("2026-01-02T00:00:00Z"))
        #expect(half.map(\.dataInterval) == [interval("2026-01-01T12:00:00Z", "2026-01-02T00:00:00Z"),
                                             interval("2026-01-02T00:00:00Z", "2026-01-02T12:00:00Z")])
        let once = try timetable("@once", start: "2026-01-02T00:00:00Z")
        #expect(once.runs(between: instant("2026-01-01T00:00:00Z"), and: instant("2026-01-03T00:00:00Z")).count == 1)
        #expect(once.runs(between: instant("2026-01-03T00:00:00Z"), and: instant("2026-01-04T00:00:00Z")).isEmpty)
    }

    @Test("fireTimes: interval ends after a moment, from start_date, up to end_date")
    func fireTimes() throws {
        let t = try timetable("@daily", start: "2026-01-01T00:00:00Z")
        #expect(t.fireTimes(after: instant("2025-12-01T00:00:00Z"), count: 3)
            == ["2026-01-02", "2026-01-03", "2026-01-04"].map { instant($0 + "T00:00:00Z") })
        #expect(t.fireTimes(after: instant("2026-01-10T05:00:00Z"), count: 2)
            == ["2026-01-11", "2026-01-12"].map { instant($0 + "T00:00:00Z") })
        let ended = try timetable("@daily", start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z")
        #expect(ended.fireTimes(after: instant("2025-12-01T00:00:00Z"), count: 5).count == 2)
        let hourly = try timetable("1h", start: "2026-01-01T00:30:00Z")
        #expect(hourly.fireTimes(after: instant("2026-01-01T02:00:00Z"), count: 2)
            == [instant("2026-01-01T02:30:00Z"), instant("2026-01-01T03:30:00Z")])
        let once = try timetable("@once", start: "2026-01-01T00:00:00Z")
        #expect(once.fireTimes(after: instant("2025-01-01T00:00:00Z"), count: 3) == [instant("2026-01-01T00:00:00Z")])
        #expect(once.fireTimes(after: instant("2026-01-01T00:00:00Z"), count: 3).isEmpty)
    }

    @Test("manual runs infer the last complete interval (Airflow 2 infer_manual_data_interval)")
    func manualRuns() throws {
        let daily = try timetable("@daily", start: "2026-01-01T00:00:00Z")
        #expect(daily.inferManualDataInterval(runAfter: instant("2026-01-25T01:00:00Z"))
            == interval("2026-01-24T00:00:00Z", "2026-01-25T00:00:00Z"))
        #expect(daily.inferManualDataInterval(runAfter: instant("2026-01-25T00:00:00Z"))
            == interval("2026-01-24T00:00:00Z", "2026-01-25T00:00:00Z"))
        let run = daily.manualRun(logicalDate: instant("2026-01-25T01:00:00Z"))
        #expect(run.logicalDate == instant("2026-01-25T01:00:00Z") && run.runAfter == run.logicalDate)
        let hourly = try timetable("1h", start: "2026-01-01T00:00:00Z")
        #expect(hourly.inferManualDataInterval(runAfter: instant("2026-01-25T10:15:00Z"))
            == interval("2026-01-25T09:15:00Z", "2026-01-25T10:15:00Z"))
        let none = try timetable("none", start: nil)
        #expect(none.inferManualDataInterval(runAfter: instant("2026-01-25T10:15:00Z")) == .exact(instant("2026-01-25T10:15:00Z")))
    }

    @Test("@daily in Berlin: the spring-forward day is 23 hours long")
    func zonedIntervals() throws {
        let t = try timetable("@daily", start: "2026-03-28T00:00:00+01:00", zone: Zones.berlin)
        let first = try #require(t.nextRun(after: nil, now: instant("2026-04-01T00:00:00Z")))
        #expect(first.dataInterval == interval("2026-03-28T00:00:00+01:00", "2026-03-29T00:00:00+01:00"))
        let second = try #require(t.nextRun(after: first.dataInterval, now: instant("2026-04-01T00:00:00Z")))
        #expect(second.dataInterval == interval("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"))
        #expect(second.dataInterval.end.timeIntervalSince(second.dataInterval.start) == 23 * 3600)
    }
}
