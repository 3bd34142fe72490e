import Foundation
import Testing
@testable import UpdraftCore

@Suite("ISO-8601 timestamps")
struct ScheduleTimestampTests {
    @Test("reads dates and date-times, with or without an offset", arguments: [
        ("2026-03-29", "Europe/Berlin", "2026-03-28T23:00:00Z"),
        ("2026-03-29T01:30:00+01:00", "UTC", "2026-03-29T00:30:00Z"),
        ("2026-03-29T01:30:00Z", "Europe/Berlin", "2026-03-29T01:30:00Z"),
        ("2026-03-29 01:30z", "UTC", "2026-03-29T01:30:00Z"),
        ("2026-03-29T07:00:00+0530", "UTC", "2026-03-29T01:30:00Z"),
        ("2026-03-29T07:30:00+06", "UTC", "2026-03-29T01:30:00Z"),
        ("2026-03-29T01:30:00-04:00", "UTC", "2026-03-29T05:30:00Z"),
        // Naive wall time in the default zone; skipped → end of the gap; repeated → first.
        ("2026-03-29T02:30", "Europe/Berlin", "2026-03-29T01:00:00Z"),
        ("2026-10-25T02:30", "Europe/Berlin", "2026-10-25T00:30:00Z"),
        ("2026-11-01T01:30:00", "America/New_York", "2026-11-01T05:30:00Z"),
        ("2028-02-29T12:00", "UTC", "2028-02-29T12:00:00Z"),
    ])
    func parses(_ text: String, _ zone: String, _ expected: String) throws {
        let tz = try #require(TimeZone(identifier: zone))
        #expect(ISOTimestamp.parse(text, defaultTimeZone: tz) == instant(expected))
    }

    @Test("keeps fractions of a second")
    func fraction() {
        let date = ISOTimestamp.parse("2026-01-01T00:00:00.25Z", defaultTimeZone: Zones.utc)
        #expect(date == instant("2026-01-01T00:00:00Z").addingTimeInterval(0.25))
    }

    @Test("rejects what is not a valid date-time", arguments: [
        "", "yesterday", "2026-13-01", "2026-02-29", "2026-04-31", "2026-01-01T24:00", "2026-01-01T10:60",
        "2026-01-01T10", "26-01-01", "2026-1-1", "2026-01-01T10:00:00+25:00", "2026-01-01T10:00:00+01:00junk",
        "2026-01-01T10:00:00.Z",
    ])
    func rejects(_ text: String) {
        #expect(ISOTimestamp.parse(text, defaultTimeZone: Zones.utc) == nil)
    }

    @Test("format then parse gives the same instant", arguments: [Zones.utc, Zones.newYork, Zones.berlin])
    func roundTrip(_ zone: TimeZone) {
        var date = instant("2026-01-01T00:00:00Z")
        for _ in 0..<400 {
            let text = ISOTimestamp.format(date, in: zone)
            #expect(ISOTimestamp.parse(text, defaultTimeZone: Zones.utc) == date)
            date = date.addingTimeInterval(86_400 + 3_607)
        }
    }

    @Test("formats dates far from 1970, before it too")
    func farDates() {
        #expect(ISOTimestamp.format(instant("1969-12-31T23:59:59Z"), in: Zones.utc) == "1969-12-31T23:59:59+00:00")
        #expect(ISOTimestamp.format(instant("2100-03-01T00:00:00Z"), in: Zones.utc) == "2100-03-01T00:00:00+00:00")
    }
}
