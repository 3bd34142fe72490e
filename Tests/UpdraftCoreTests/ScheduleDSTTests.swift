import Foundation
import Testing
@testable import UpdraftCore

/// America/New_York 2026: 03-08 02:00 EST → 03:00 EDT, 11-01 02:00 EDT → 01:00 EST.
/// Europe/Berlin 2026: 03-29 02:00 CET → 03:00 CEST, 10-25 03:00 CEST → 02:00 CET.
/// Policy (Airflow's: see CronExpression+Search.swift): an every-hour expression steps in
/// absolute time (so it fires in the repeated hour too, and a skipped :30 moves on by the
/// gap); a fixed-hour one fires once at its wall time, a skipped one moved forward by the
/// gap (02:30 → 03:30) and a repeated one at its second occurrence. The table was checked
/// against Airflow's algorithm (Fixtures/airflow_cron.py), as the differential test does.
@Suite("Cron across DST")
struct ScheduleDSTTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let zone: String
        let expr: String
        let after: String
        let expected: [String]
        var testDescription: String { "\(zone) \(expr) after \(after)" }
    }

    static let cases: [Case] = [
        // New York, spring forward.
        .init(zone: "America/New_York", expr: "30 2 * * *", after: "2026-03-07T00:00:00-05:00",
              expected: ["2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"]),
        .init(zone: "America/New_York", expr: "0 * * * *", after: "2026-03-08T00:30:00-05:00",
              expected: ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"]),
        .init(zone: "America/New_York", expr: "*/30 * * * *", after: "2026-03-08T01:00:00-05:00",
              expected: ["2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"]),
        // New York, fall back.
        .init(zone: "America/New_York", expr: "30 1 * * *", after: "2026-10-31T12:00:00-04:00",
              expected: ["2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"]),
        .init(zone: "America/New_York", expr: "30 2 * * *", after: "2026-10-31T12:00:00-04:00",
              expected: ["2026-11-01T02:30:00-05:00", "2026-11-02T02:30:00-05:00"]),
        .init(zone: "America/New_York", expr: "0 * * * *", after: "2026-11-01T00:30:00-04:00",
              expected: ["2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"]),
        .init(zone: "America/New_York", expr: "*/30 * * * *", after: "2026-11-01T00:45:00-04:00",
              expected: ["2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00"]),
        // Starting inside the repeated hour: the rest of its second pass fires.
        .init(zone: "America/New_York", expr: "*/30 * * * *", after: "2026-11-01T01:10:00-05:00",
              expected: ["2026-11-01T01:30:00-05:00"]),
        // Berlin, spring forward.
        .init(zone: "Europe/Berlin", expr: "30 2 * * *", after: "2026-03-28T00:00:00+01:00",
              expected: ["2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"]),
        .init(zone: "Europe/Berlin", expr: "0 * * * *", after: "2026-03-29T00:30:00+01:00",
              expected: ["2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00"]),
        .init(zone: "Europe/Berlin", expr: "*/30 * * * *", after: "2026-03-29T01:00:00+01:00",
              expected: ["2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00"]),
        // Berlin, fall back.
        .init(zone: "Europe/Berlin", expr: "30 2 * * *", after: "2026-10-24T12:00:00+02:00",
              expected: ["2026-10-25T02:30:00+01:00", "2026-10-26T02:30:00+01:00"]),
        .init(zone: "Europe/Berlin", expr: "0 * * * *", after: "2026-10-25T00:30:00+02:00",
              expected: ["2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00"]),
        .init(zone: "Europe/Berlin", expr: "*/30 * * * *", after: "2026-10-25T01:45:00+02:00",
              expected: ["2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00"]),
        // Southern hemisphere and a 30-minute shift (Lord Howe: 02:00 +10:30 → 02:30 +11:00).
        .init(zone: "Australia/Sydney", expr: "30 2 * * *", after: "2026-04-04T12:00:00+11:00",
              expected: ["2026-04-05T02:30:00+10:00", "2026-04-06T02:30:00+10:00"]),
        .init(zone: "Australia/Sydney", expr: "30 2 * * *", after: "2026-10-03T12:00:00+10:00",
              expected: ["2026-10-04T03:30:00+11:00", "2026-10-05T02:30:00+11:00"]),
        .init(zone: "Australia/Lord_Howe", expr: "15 2 * * *", after: "2026-10-03T12:00:00+10:30",
              expected: ["2026-10-04T02:45:00+11:00", "2026-10-05T02:15:00+11:00"]),
    ]

    @Test("fire times and their offsets around the 2026 switches", arguments: cases)
    func fireTimes(_ c: Case) throws {
        let zone = try #require(TimeZone(identifier: c.zone))
        #expect(try fires(c.expr, after: c.after, in: zone, count: c.expected.count) == c.expected)
    }

    @Test("previous(before:) across the gap and from inside the repeated hour")
    func previousAcrossTransitions() throws {
        let daily = try CronExpression(parsing: "30 2 * * *")
        let gap = daily.previous(before: instant("2026-03-09T00:00:00-04:00"), in: Zones.newYork)
        #expect(local(gap, Zones.newYork) == "2026-03-08T03:30:00-04:00")
        let halfHourly = try CronExpression(parsing: "*/30 * * * *")
        let repeated = halfHourly.previous(before: instant("2026-10-25T02:10:00+01:00"), in: Zones.berlin)
        #expect(local(repeated, Zones.berlin) == "2026-10-25T02:00:00+01:00")
        let nyRepeated = halfHourly.previous(before: instant("2026-11-01T01:59:00-05:00"), in: Zones.newYork)
        #expect(local(nyRepeated, Zones.newYork) == "2026-11-01T01:30:00-05:00")
    }

    @Test("timestamps print with the zone's offset on each side of a switch")
    func offsets() {
        #expect(ISOTimestamp.format(instant("2026-03-29T00:59:59Z"), in: Zones.berlin) == "2026-03-29T01:59:59+01:00")
        #expect(ISOTimestamp.format(instant("2026-03-29T01:00:00Z"), in: Zones.berlin) == "2026-03-29T03:00:00+02:00")
        #expect(ISOTimestamp.format(instant("2026-11-01T05:30:00Z"), in: Zones.newYork) == "2026-11-01T01:30:00-04:00")
        #expect(ISOTimestamp.format(instant("2026-11-01T06:30:00Z"), in: Zones.newYork) == "2026-11-01T01:30:00-05:00")
        #expect(ISOTimestamp.format(instant("2026-01-01T00:00:00Z"), in: Zones.utc) == "2026-01-01T00:00:00+00:00")
    }
}
