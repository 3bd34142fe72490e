/// When a DAG runs, as written in its `schedule:` field.
///
/// | text | value |
/// |---|---|
/// | omitted, `null`, `None`, `none`, `""` | `.none`: manual runs only |
/// | `@once` | `.once`: a single run at `start_date` |
/// | `@continuous` | `.continuous`: a new run as soon as the previous one ends |
/// | `@hourly @daily @midnight @weekly @monthly @yearly @annually` | `.cron` (preset) |
/// | `"0 6 * * 1-5"` | `.cron` |
/// | `"30m"`, `"1h"`, `"1d"`, `"1h30m"` | `.interval` (fixed length, aligned to `start_date`) |
public enum Schedule: Sendable, Hashable, CustomStringConvertible {
    /// No automatic runs; only manual triggers (Airflow `schedule=None`).
    case none
    /// One run, at `start_date` (Airflow `@once`).
    case once
    /// A new run as soon as the previous one finishes (Airflow `@continuous`).
    case continuous
    /// A cron expression or preset, evaluated in the DAG's time zone.
    case cron(CronExpression)
    /// Runs every fixed span of absolute time, aligned to `start_date`.
    case interval(TimeSpan)

    /// Parses a `schedule:` value; `nil` means omitted (`.none`).
    ///
    /// ```swift
    /// try Schedule(parsing: "@daily")      // .cron, description "@daily"
    /// try Schedule(parsing: "30m")         // .interval(TimeSpan(seconds: 1800))
    /// try Schedule(parsing: "0 25 * * *")  // throws: cron field 2 (hour) "25": value out of range 0-23
    /// ```
    public init(parsing text: String?) throws(ScheduleError) {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed.lowercased() {
        case "", "none", "null", "~":
            self = .none
            return
        case "@once":
            self = .once
            return
        case "@continuous":
            self = .continuous
            return
        default:
            break
        }
        if trimmed.hasPrefix("@") || trimmed.contains(where: { $0 == " " || $0 == "\t" }) {
            self = .cron(try CronExpression(parsing: trimmed))
            return
        }
        guard let span = TimeSpan(parsing: trimmed) else {
            throw ScheduleError(
                code: .unrecognized,
                message: "schedule \"\(trimmed)\" is not a cron expression (5 fields), a preset "
                    + "(@daily...), an interval (30m, 1h, 1d) or none",
                token: trimmed
            )
        }
        guard span.seconds > 0 else {
            throw ScheduleError(
                code: .invalidInterval, message: "schedule interval \"\(trimmed)\" must be longer than 0s",
                token: trimmed
            )
        }
        self = .interval(span)
    }

    /// The schedule as text that parses back to the same value: `"none"`, `"@once"`,
    /// `"@continuous"`, the cron text as written, or the interval (`"1h30m"`).
    public var description: String {
        switch self {
        case .none: "none"
        case .once: "@once"
        case .continuous: "@continuous"
        case .cron(let cron): cron.text
        case .interval(let span): span.description
        }
    }
}
