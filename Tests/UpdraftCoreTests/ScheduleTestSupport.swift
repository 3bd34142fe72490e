import Foundation
@testable import UpdraftCore

/// Shared helpers for the Schedule* suites: zones and ISO-8601 instants.
enum Zones {
    static let utc = TimeZone(identifier: "UTC")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
}

/// An instant from ISO-8601 text with an explicit offset, read by Foundation's own parser
/// so that expectations do not depend on the code under test.
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test timestamp \(text)") }
    return date
}

/// `date` printed with its offset in `zone`, e.g. `2026-03-29T03:00:00+02:00`.
func local(_ date: Date?, _ zone: TimeZone) -> String? {
    date.map { ISOTimestamp.format($0, in: zone) }
}

/// The successive fire times of `expr` after `start`, printed in `zone`.
func fires(_ expr: String, after start: String, in zone: TimeZone, count: Int) throws -> [String] {
    let cron = try CronExpression(parsing: expr)
    var out: [String] = []
    var cursor = instant(start)
    for _ in 0..<count {
        guard let next = cron.next(after: cursor, in: zone) else { break }
        out.append(ISOTimestamp.format(next, in: zone))
        cursor = next
    }
    return out
}
