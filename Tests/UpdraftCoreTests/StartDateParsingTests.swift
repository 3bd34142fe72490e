import Foundation
import Testing
import UpdraftCore

@Suite("start_date / end_date parsing")
struct StartDateParsingTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test("accepted forms", arguments: [
        ("2026-01-01", 1_767_222_000.0),                  // midnight Berlin = 23:00Z the day before
        ("2026-07-01", 1_782_856_800.0),                  // summer time: UTC+2
        ("2026-01-01T06:00", 1_767_243_600.0),
        ("2026-01-01 06:00:00", 1_767_243_600.0),
        ("2026-01-01T06:00:00Z", 1_767_247_200.0),
        ("2026-01-01T06:00:00+02:00", 1_767_240_000.0),
        ("2026-01-01T06:00:00.500Z", 1_767_247_200.5),
    ])
    func accepted(_ text: String, _ epoch: Double) {
        #expect(ISOTimestamp.parse(text, defaultTimeZone: Self.berlin)?.timeIntervalSince1970 == epoch)
    }

    @Test("rejected forms", arguments: ["2026-02-30", "2026-13-01", "26-01-01", "2026-01-01T25:00", "tomorrow",
                                        "2026-01-01T06:00:00+2", "2026-01-01x", ""])
    func rejected(_ text: String) {
        #expect(ISOTimestamp.parse(text, defaultTimeZone: Self.berlin) == nil)
    }
}
