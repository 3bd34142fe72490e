import Foundation

/// Fire-time search. Cron fields are matched against the zone's wall clock, field by field
/// (month, day, hour, minute jump straight to the next allowed value; no minute scanning).
///
/// DST policy: Airflow's (its cron timetable: croniter on the naive wall clock, then
/// pendulum), so schedules move to Updraft unchanged:
/// - an expression whose hour field allows every hour (`0 * * * *`, `*/30 * * * *`) steps
///   in absolute time: the next fire time is `now + (next matching wall time − the wall
///   time now)`. So across a fall-back it also fires in the repeated hour (01:00 EDT, 01:00
///   EST, 02:00 EST), and across a spring-forward a skipped 02:30 becomes 03:30. Also for a
///   step of days (an every-hour expression restricted to some days, `0 * 1 * *`): after a
///   DST change in between, its first fire time is an hour off the wall time, as in Airflow;
/// - any other expression (fixed hours: `30 2 * * *`, `0 */2 * * *`) fires at its matching
///   wall time: a wall time skipped by a spring-forward gap is moved forward by the gap
///   (02:30 on a 02:00→03:00 night fires at 03:30), and a wall time that occurs twice when
///   clocks fall back fires once, at its second occurrence (Airflow's `make_aware` with
///   `fold=1`).
/// One deliberate difference: ``previous(before:)`` is always strictly before its argument,
/// where Airflow's `_get_prev` from a skipped wall time placed after its gap (03:30 for a
/// skipped 02:30) returns that same instant.
/// Tests/UpdraftCoreTests/ScheduleDSTTests.swift checks both 2026 transitions of
/// America/New_York and Europe/Berlin against Airflow's algorithm run with croniter and pendulum.
extension CronExpression {
    /// How many years ahead (or back) to look before deciding the expression never matches
    /// (e.g. `0 0 30 2 *`). 30 covers Feb 29 across the 2100 non-leap year.
    static let searchYears = 30

    /// Whether the hour field allows all 24 hours (Airflow's "covers every hour").
    var coversEveryHour: Bool { hours.bits & 0xFF_FFFF == 0xFF_FFFF }

    /// The first fire time strictly after `date`, or nil if none within `searchYears`.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        let clock = ZoneClock(zone: timeZone)
        let after = Int64(date.timeIntervalSince1970.rounded(.down))
        let naive = clock.wall(at: after)
        var start = CivilTime(wallSeconds: naive + 60)
        for _ in 0..<10_000 {
            guard let wall = nextWall(atOrAfter: start) else { return nil }
            let delta = wall.wallSeconds - naive
            let instant = coversEveryHour ? after + delta : Self.placeLate(wall.wallSeconds, clock)
            if Double(instant) > date.timeIntervalSince1970 { return Date(timeIntervalSince1970: TimeInterval(instant)) }
            start = CivilTime(wallSeconds: wall.wallSeconds + 60)
        }
        return nil
    }

    /// The last fire time strictly before `date`, or nil if none within `searchYears`.
    public func previous(before date: Date, in timeZone: TimeZone) -> Date? {
        let clock = ZoneClock(zone: timeZone)
        let limit = date.timeIntervalSince1970
        let current = Int64(limit.rounded(.up))
        let naive = clock.wall(at: current)
        var start = CivilTime(wallSeconds: naive - 1)
        for _ in 0..<10_000 {
            guard let wall = previousWall(atOrBefore: start) else { return nil }
            let delta = naive - wall.wallSeconds
            let instant = coversEveryHour ? current - delta : Self.placeLate(wall.wallSeconds, clock)
            if Double(instant) < limit { return Date(timeIntervalSince1970: TimeInterval(instant)) }
            start = CivilTime(wallSeconds: wall.wallSeconds - 60)
        }
        return nil
    }

    /// True when `date` is exactly one of this expression's fire times in `timeZone` (the
    /// last fire time up to it is itself: Airflow's alignment test, which also holds for a
    /// skipped wall time placed after its gap).
    public func isFireTime(_ date: Date, in timeZone: TimeZone) -> Bool {
        previous(before: date.addingTimeInterval(1), in: timeZone) == date
    }

    /// The instant a wall time is placed at: its only occurrence, the later of two (a
    /// fall-back repeats it), or, skipped by a gap, read with the offset before the gap (so
    /// moved forward by the gap: 02:30 → 03:30).
    static func placeLate(_ wall: Int64, _ clock: ZoneClock) -> Int64 {
        if let last = clock.instants(atWall: wall).last { return last }
        return wall - clock.offset(at: wall - 86_400)
    }

    /// The first wall-clock minute >= `start` matching every field.
    func nextWall(atOrAfter start: CivilTime) -> CivilTime? {
        var t = start
        while t.year <= start.year + Self.searchYears {
            guard months.contains(t.month) else {
                if let m = months.next(atOrAfter: t.month) { t.month = m } else { t.year += 1; t.month = months.first }
                (t.day, t.hour, t.minute) = (1, 0, 0)
                continue
            }
            guard dayMatches(t), let h = hours.next(atOrAfter: t.hour) else {
                Self.advanceDay(&t)
                continue
            }
            if h != t.hour { (t.hour, t.minute) = (h, 0) }
            guard let m = minutes.next(atOrAfter: t.minute) else {
                if t.hour == 23 { Self.advanceDay(&t) } else { (t.hour, t.minute) = (t.hour + 1, 0) }
                continue
            }
            t.minute = m
            return t
        }
        return nil
    }

    /// The last wall-clock minute <= `start` matching every field.
    func previousWall(atOrBefore start: CivilTime) -> CivilTime? {
        var t = start
        while t.year >= start.year - Self.searchYears {
            guard months.contains(t.month) else {
                if let m = months.last(atOrBefore: t.month) { t.month = m } else { t.year -= 1; t.month = months.lastValue }
                (t.day, t.hour, t.minute) = (CivilTime.daysInMonth(year: t.year, month: t.month), 23, 59)
                continue
            }
            guard dayMatches(t), let h = hours.last(atOrBefore: t.hour) else {
                Self.retreatDay(&t)
                continue
            }
            if h != t.hour { (t.hour, t.minute) = (h, 59) }
            guard let m = minutes.last(atOrBefore: t.minute) else {
                if t.hour == 0 { Self.retreatDay(&t) } else { (t.hour, t.minute) = (t.hour - 1, 59) }
                continue
            }
            t.minute = m
            return t
        }
        return nil
    }

    private static func advanceDay(_ t: inout CivilTime) {
        (t.hour, t.minute) = (0, 0)
        t.day += 1
        if t.day > CivilTime.daysInMonth(year: t.year, month: t.month) {
            t.day = 1
            t.month += 1
            if t.month > 12 { (t.month, t.year) = (1, t.year + 1) }
        }
    }

    private static func retreatDay(_ t: inout CivilTime) {
        (t.hour, t.minute) = (23, 59)
        t.day -= 1
        if t.day < 1 {
            t.month -= 1
            if t.month < 1 { (t.month, t.year) = (12, t.year - 1) }
            t.day = CivilTime.daysInMonth(year: t.year, month: t.month)
        }
    }
}
