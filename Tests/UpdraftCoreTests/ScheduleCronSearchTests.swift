import Foundation
import Testing
@testable import UpdraftCore

@Suite("Cron next/previous")
struct ScheduleCronSearchTests {
    struct NextCase: Sendable, CustomTestStringConvertible {
        let expr: String
        let after: String
        let expected: [String]
        var testDescription: String { "\(expr) after \(after)" }
    }

    static let nextCases: [NextCase] = [
        .init(expr: "0 0 * * *", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00"]),
        .init(expr: "*/15 * * * *", after: "2026-01-01T10:07:30Z",
              expected: ["2026-01-01T10:15:00+00:00", "2026-01-01T10:30:00+00:00",
                         "2026-01-01T10:45:00+00:00", "2026-01-01T11:00:00+00:00"]),
        .init(expr: "10-50/20 9-10 * * *", after: "2026-01-01T09:30:00Z",
              expected: ["2026-01-01T09:50:00+00:00", "2026-01-01T10:10:00+00:00",
                         "2026-01-01T10:30:00+00:00", "2026-01-01T10:50:00+00:00", "2026-01-02T09:10:00+00:00"]),
        // Day 31 skips the short months.
        .init(expr: "0 0 31 * *", after: "2026-01-31T00:00:00Z",
              expected: ["2026-03-31T00:00:00+00:00", "2026-05-31T00:00:00+00:00", "2026-07-31T00:00:00+00:00",
                         "2026-08-31T00:00:00+00:00", "2026-10-31T00:00:00+00:00", "2026-12-31T00:00:00+00:00",
                         "2027-01-31T00:00:00+00:00"]),
        // Feb 29 only in leap years: 2028, then 2032.
        .init(expr: "0 0 29 2 *", after: "2026-01-01T00:00:00Z",
              expected: ["2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00"]),
        // Month ends via explicit lists.
        .init(expr: "0 23 28-31 2 *", after: "2027-02-27T00:00:00Z",
              expected: ["2027-02-28T23:00:00+00:00", "2028-02-28T23:00:00+00:00", "2028-02-29T23:00:00+00:00"]),
        // Both day fields restricted: the 13th OR any Friday (April 2026: Fri 3, 10, 17; Mon 13).
        .init(expr: "0 0 13 * 5", after: "2026-03-28T00:00:00Z",
              expected: ["2026-04-03T00:00:00+00:00", "2026-04-10T00:00:00+00:00",
                         "2026-04-13T00:00:00+00:00", "2026-04-17T00:00:00+00:00"]),
        // Only day-of-month restricted.
        .init(expr: "0 0 13 * *", after: "2026-03-28T00:00:00Z",
              expected: ["2026-04-13T00:00:00+00:00", "2026-05-13T00:00:00+00:00"]),
        // Only day-of-week restricted.
        .init(expr: "0 0 * * FRI", after: "2026-04-10T00:00:00Z",
              expected: ["2026-04-17T00:00:00+00:00", "2026-04-24T00:00:00+00:00"]),
        // Day-of-month starting with `*` counts as unrestricted (Vixie): odd days AND Monday.
        .init(expr: "0 0 */2 * MON", after: "2026-04-01T00:00:00Z",
              expected: ["2026-04-13T00:00:00+00:00", "2026-04-27T00:00:00+00:00",
                         "2026-05-11T00:00:00+00:00", "2026-05-25T00:00:00+00:00"]),
        // Weekdays: Friday → Monday.
        .init(expr: "30 9 * * MON-FRI", after: "2026-01-02T09:30:00Z",
              expected: ["2026-01-05T09:30:00+00:00", "2026-01-06T09:30:00+00:00"]),
        // 7 = Sunday (2026-01-04 is a Sunday).
        .init(expr: "0 12 * * 7", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-04T12:00:00+00:00", "2026-01-11T12:00:00+00:00"]),
        .init(expr: "0 0 1 1 *", after: "2026-06-15T00:00:00Z",
              expected: ["2027-01-01T00:00:00+00:00", "2028-01-01T00:00:00+00:00"]),
        .init(expr: "59 23 31 12 *", after: "2026-12-31T23:59:00Z",
              expected: ["2027-12-31T23:59:00+00:00"]),
        // Presets.
        .init(expr: "@hourly", after: "2026-01-01T10:00:00Z",
              expected: ["2026-01-01T11:00:00+00:00", "2026-01-01T12:00:00+00:00"]),
        .init(expr: "@weekly", after: "2026-01-01T00:00:00Z",
              expected: ["2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00"]),
        .init(expr: "@monthly", after: "2026-01-15T00:00:00Z",
              expected: ["2026-02-01T00:00:00+00:00", "2026-03-01T00:00:00+00:00"]),
        .init(expr: "@yearly", after: "2026-01-01T00:00:00Z", expected: ["2027-01-01T00:00:00+00:00"]),
        .init(expr: "@midnight", after: "2026-01-01T12:00:00Z", expected: ["2026-01-02T00:00:00+00:00"]),
        // Day 30 only exists outside February: OR with a weekday still fires.
        .init(expr: "0 0 30 2 MON", after: "2026-01-01T00:00:00Z",
              expected: ["2026-02-02T00:00:00+00:00", "2026-02-09T00:00:00+00:00"]),
        .init(expr: "0 0 30,31 2,4 *", after: "2026-01-01T00:00:00Z",
              expected: ["2026-04-30T00:00:00+00:00", "2027-04-30T00:00:00+00:00"]),
    ]

    @Test("next(after:) in UTC", arguments: nextCases)
    func next(_ c: NextCase) throws {
        let count = max(c.expected.count, 1)
        #expect(try fires(c.expr, after: c.after, in: Zones.utc, count: count) == c.expected)
    }

    struct PreviousCase: Sendable, CustomTestStringConvertible {
        let expr: String
        let before: String
        let expected: String?
        var testDescription: String { "\(expr) before \(before)" }
    }

    static let previousCases: [PreviousCase] = [
        .init(expr: "0 0 * * *", before: "2026-01-02T00:00:00Z", expected: "2026-01-01T00:00:00+00:00"),
        .init(expr: "0 0 * * *", before: "2026-01-02T00:00:01Z", expected: "2026-01-02T00:00:00+00:00"),
        .init(expr: "*/15 * * * *", before: "2026-01-01T10:07:30Z", expected: "2026-01-01T10:00:00+00:00"),
        .init(expr: "0 0 31 * *", before: "2026-03-01T00:00:00Z", expected: "2026-01-31T00:00:00+00:00"),
        .init(expr: "0 0 29 2 *", before: "2028-01-01T00:00:00Z", expected: "2024-02-29T00:00:00+00:00"),
        .init(expr: "0 0 13 * 5", before: "2026-04-13T00:00:00Z", expected: "2026-04-10T00:00:00+00:00"),
        .init(expr: "0 0 13 * 5", before: "2026-04-14T00:00:00Z", expected: "2026-04-13T00:00:00+00:00"),
        .init(expr: "0 0 1 1 *", before: "2026-01-01T00:00:00Z", expected: "2025-01-01T00:00:00+00:00"),
        .init(expr: "30 9 * * MON-FRI", before: "2026-01-05T09:00:00Z", expected: "2026-01-02T09:30:00+00:00"),
        .init(expr: "0 0 30,31 2,4 *", before: "2026-04-30T00:00:00Z", expected: "2025-04-30T00:00:00+00:00"),
    ]

    @Test("previous(before:) in UTC", arguments: previousCases)
    func previous(_ c: PreviousCase) throws {
        let cron = try CronExpression(parsing: c.expr)
        #expect(local(cron.previous(before: instant(c.before), in: Zones.utc), Zones.utc) == c.expected)
    }

    @Test("previous undoes next, over DST days too", arguments: [
        "* * * * *", "*/30 * * * *", "0 * * * *", "30 2 * * *", "15 1,2,3 * * *", "0 0 13 * 5",
    ], [Zones.utc, Zones.newYork, Zones.berlin])
    func previousUndoesNext(_ expr: String, _ zone: TimeZone) throws {
        let cron = try CronExpression(parsing: expr)
        for start in ["2026-03-07T22:00:00Z", "2026-03-28T22:00:00Z", "2026-10-24T22:00:00Z", "2026-10-31T22:00:00Z"] {
            var fire = try #require(cron.next(after: instant(start), in: zone))
            for _ in 0..<80 {
                let following = try #require(cron.next(after: fire, in: zone))
                #expect(following > fire)
                #expect(cron.previous(before: following, in: zone) == fire)
                #expect(cron.isFireTime(fire, in: zone))
                #expect(!cron.isFireTime(fire.addingTimeInterval(1), in: zone))
                fire = following
            }
        }
    }
}
