import Foundation

/// The period of data a DAG run processes: `[start, end)`. For `@once` and manual runs of
/// unscheduled DAGs it is a single instant (`start == end`).
public struct DataInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Inclusive start; also the run's logical date for scheduled runs.
    public var start: Date
    /// Exclusive end; a scheduled run fires here.
    public var end: Date

    /// The interval `[start, end)`.
    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// The zero-length interval at `date`.
    public static func exact(_ date: Date) -> DataInterval { DataInterval(start: date, end: date) }

    /// `[start, end)` as UTC ISO-8601 timestamps.
    public var description: String {
        "[\(ISOTimestamp.format(start, in: .gmt)), \(ISOTimestamp.format(end, in: .gmt)))"
    }
}
