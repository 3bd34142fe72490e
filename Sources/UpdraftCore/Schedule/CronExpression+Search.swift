import Foundation

/// Fire-time search. Cron fields are matched against the zone's wall clock, field by field
/// (month, day, hour, minute jump straight to the next allowed value; no minute scanning).
///
/// DST policy, for every expression alike:
/// - a wall time skipped by a spring-forward gap (02:30 on a 02:00→03:00 day) fires at the
///   first instant after the gap (03:00 new offset); several skipped matches fire once there,
///   together with a 03:00 match if any. Vixie cron/cronie do the same for fixed-time jobs
///   ("run immediately" after the jump). Airflow 2 (croniter + pendulum) would fire a
///   skipped 02:30 at 03:30 instead.
/// - a wall time that occurs twice when clocks fall back fires once, at its first
///   occurrence; the repeated hour fires nothing new (so `0 * * * *` has a two-hour step
///   there). Vixie cron does this for fixed-time jobs but runs `*`-hour jobs in both passes.
extension CronExpression {
    /// How many years ahead (or back) to look before deciding the expression never matches
    /// (e.g. `0 0 30 2 *`). 30 covers Feb 29 across the 2100 non-leap year.
    static let searchYears = 30

    /// The first fire time strictly after `date`, or nil if none within `searchYears`.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        let clock = ZoneClock(zone: timeZone)
        let after = Int64(date.timeIntervalSince1970.rounded(.down))
        var start = CivilTime(wallSeconds: clock.wall(at: after) + 60)
        for _ in 0..<10_000 {
            guard let wall = nextWall(atOrAfter: start) else { return nil }
            if let instant = fireInstant(wall.wallSeconds, clock), Double(instant) > date.timeIntervalSince1970 {
                return Date(timeIntervalSince1970: TimeInterval(instant))
            }
            start = CivilTime(wallSeconds: wall.wallSeconds + 60)
        }
        return nil
    }

    /// The last fire time strictly before `date`, or nil if none within `searchYears`.
    public func previous(before date: Date, in timeZone: TimeZone) -> Date? {
        let clock = ZoneClock(zone: timeZone)
        let limit = date.timeIntervalSince1970
        let before = Int64(limit.rounded(.up)) - 1
        var start = CivilTime(wallSeconds: clock.wall(at: before))
        var found: Date?
        for _ in 0..<10_000 {
            guard let wall = previousWall(atOrBefore: start) else { return nil }
            if let instant = fireInstant(wall.wallSeconds, clock), Double(instant) < limit {
                found = Date(timeIntervalSince1970: TimeInterval(instant))
                break
            }
            start = CivilTime(wallSeconds: wall.wallSeconds - 60)
        }
        // Walking the wall clock back from inside a repeated (fall-back) hour can land
        // before the true previous fire time; step forward to the last one below `date`.
        guard var best = found else { return nil }
        while let n = next(after: best, in: timeZone), n.timeIntervalSince1970 < limit { best = n }
        return best
    }

    /// True when `date` is exactly one of this expression's fire times in `timeZone`.
    public func isFireTime(_ date: Date, in timeZone: TimeZone) -> Bool {
        next(after: date.addingTimeInterval(-1), in: timeZone) == date
    }

    /// The instant a matching wall time fires at: its only or first occurrence, or the end
    /// of the gap that skipped it. Nil for the second reading of a repeated wall time.
    private func fireInstant(_ wall: Int64, _ clock: ZoneClock) -> Int64? {
        let instants = clock.instants(atWall: wall)
        return instants.first ?? clock.gapEnd(containingWall: wall)
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
