import ArgumentParser
import Foundation
import UpdraftCore

/// `updraft schedule next EXPR [--from ISO8601] [--tz ZONE] [-n N] [--json]`: the next fire
/// times of a cron expression, preset or interval, one ISO-8601 timestamp with offset per line.
struct ScheduleNextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Print the next fire times of a cron expression, preset or interval.",
        discussion: """
            Cron fields are read on the wall clock of --tz. A time skipped by a DST jump fires \
            at the first instant after the jump; a time repeated when clocks fall back fires \
            once (its first occurrence). An interval (30m, 1h, 1d) counts from --from.
            Example: updraft schedule next "30 2 * * *" --tz Europe/Berlin --from 2026-03-28 -n 3
            """
    )

    /// Most fire times one call prints.
    static let maxCount = 10_000

    @Argument(help: "A cron expression (quote it: \"0 6 * * 1-5\"), a preset (@daily) or an interval (30m).")
    var expression: String

    @Option(help: "Start after this time: ISO-8601, e.g. 2026-03-29T01:30:00+01:00 or 2026-03-29 (read in --tz when it has no offset). Default: now.")
    var from: String?

    @Option(help: "IANA time zone the cron fields and the output use, e.g. Europe/Berlin.")
    var tz: String = "UTC"

    @Option(name: [.customShort("n"), .customLong("count")], help: "How many fire times to print.")
    var count: Int = 5

    @Flag(help: "Print a JSON list of strings instead of one timestamp per line.")
    var json = false

    /// Checks every input before anything runs; each message names the bad input.
    func validate() throws {
        _ = try inputs()
    }

    func run() async throws {
        print(try output(now: Date()))
    }

    /// What the command prints when the clock reads `now` (the seam tests use).
    func output(now: Date) throws -> String {
        let (schedule, zone, start) = try inputs()
        let times = Self.fireTimes(schedule, after: start ?? now, in: zone, count: count)
        guard !times.isEmpty else {
            throw ValidationError("schedule \"\(schedule)\" never fires (no matching date in the next 30 years)")
        }
        let lines = times.map { ISOTimestamp.format($0, in: zone) }
        guard json else { return lines.joined(separator: "\n") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(lines), as: UTF8.self)
    }

    /// The next `count` fire times of a cron or interval schedule strictly after `start`;
    /// intervals count from `start` itself.
    static func fireTimes(_ schedule: Schedule, after start: Date, in zone: TimeZone, count: Int) -> [Date] {
        var out: [Date] = []
        switch schedule {
        case .cron(let cron):
            var cursor = start
            while out.count < count, let next = cron.next(after: cursor, in: zone) {
                out.append(next)
                cursor = next
            }
        case .interval(let span):
            for k in 1...max(count, 1) where out.count < count {
                out.append(start.addingTimeInterval(TimeInterval(span.seconds) * TimeInterval(k)))
            }
        case .none, .once, .continuous:
            break
        }
        return out
    }

    /// The parsed expression, zone and --from (nil = now), or a ValidationError naming the input.
    private func inputs() throws -> (Schedule, TimeZone, Date?) {
        let schedule: Schedule
        do {
            schedule = try Schedule(parsing: expression)
        } catch {
            throw ValidationError("invalid schedule expression: \(error.message)")
        }
        switch schedule {
        case .cron, .interval: break
        case .none, .once, .continuous:
            throw ValidationError(
                "schedule \"\(schedule)\" has no recurring fire times (give a cron expression, a preset or an interval)")
        }
        guard let zone = TimeZone(identifier: tz) else {
            throw ValidationError("invalid --tz \"\(tz)\": not a known IANA time zone (e.g. UTC, Europe/Berlin)")
        }
        guard (1...Self.maxCount).contains(count) else {
            throw ValidationError("invalid -n \(count): must be between 1 and \(Self.maxCount)")
        }
        guard let from else { return (schedule, zone, nil) }
        guard let start = ISOTimestamp.parse(from, defaultTimeZone: zone) else {
            throw ValidationError(
                "invalid --from \"\(from)\": expected ISO-8601 like 2026-03-29T01:30:00+01:00 or 2026-03-29")
        }
        return (schedule, zone, start)
    }
}
