import ArgumentParser
import Foundation
import Testing
@testable import UpdraftCLI

@Suite("updraft schedule next")
struct ScheduleNextCommandTests {
    /// A fixed "now" for runs without --from: 2026-01-01T10:07:00Z.
    static let now = Date(timeIntervalSince1970: 1_767_262_020)

    func output(_ args: [String]) throws -> String {
        let parsed = try UpdraftCommand.parseAsRoot(["schedule", "next"] + args)
        let command = try #require(parsed as? ScheduleNextCommand)
        return try command.output(now: Self.now)
    }

    @Test("fire times with offsets in the given zone, across the Berlin spring gap")
    func berlin() throws {
        let text = try output(["30 2 * * *", "--tz", "Europe/Berlin", "--from", "2026-03-28", "-n", "3"])
        #expect(text == """
            2026-03-28T02:30:00+01:00
            2026-03-29T03:30:00+02:00
            2026-03-30T02:30:00+02:00
            """)
    }

    @Test("defaults: UTC, 5 times, from now")
    func defaults() throws {
        let lines = try output(["*/15 * * * *"]).split(separator: "\n")
        #expect(lines == ["2026-01-01T10:15:00+00:00", "2026-01-01T10:30:00+00:00", "2026-01-01T10:45:00+00:00",
                          "2026-01-01T11:00:00+00:00", "2026-01-01T11:15:00+00:00"])
    }

    @Test("--json prints a list of strings")
    func json() throws {
        let text = try output(["@hourly", "--from", "2026-11-01T00:30:00-04:00", "--tz", "America/New_York",
                               "--count", "3", "--json"])
        let decoded = try JSONDecoder().decode([String].self, from: Data(text.utf8))
        // Airflow's rule: an hourly schedule also runs in the repeated hour.
        #expect(decoded == ["2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"])
    }

    @Test("intervals count from --from; naive --from is read in --tz")
    func intervals() throws {
        #expect(try output(["90m", "--from", "2026-01-01T00:00:00Z", "-n", "2"])
            == "2026-01-01T01:30:00+00:00\n2026-01-01T03:00:00+00:00")
        #expect(try output(["1d", "--from", "2026-03-28T12:00", "--tz", "Europe/Berlin", "-n", "2"])
            == "2026-03-29T13:00:00+02:00\n2026-03-30T13:00:00+02:00")
    }

    @Test("bad input: a usage error (exit 64) whose message names the input", arguments: [
        (["0 25 * * *"], #"invalid schedule expression: cron field 2 (hour) "25": value out of range 0-23"#),
        (["@daily", "--tz", "Mars/Base"], #"invalid --tz "Mars/Base": not a known IANA time zone (e.g. UTC, Europe/Berlin)"#),
        (["@daily", "--from", "yesterday"],
         #"invalid --from "yesterday": expected ISO-8601 like 2026-03-29T01:30:00+01:00 or 2026-03-29"#),
        (["@daily", "--from", "2026-02-30"],
         #"invalid --from "2026-02-30": expected ISO-8601 like 2026-03-29T01:30:00+01:00 or 2026-03-29"#),
        (["@once"], #"schedule "@once" has no recurring fire times (give a cron expression, a preset or an interval)"#),
        (["none"], #"schedule "none" has no recurring fire times (give a cron expression, a preset or an interval)"#),
        (["@daily", "-n", "0"], "invalid -n 0: must be between 1 and 10000"),
        (["0 6 * *"], #"invalid schedule expression: cron expression "0 6 * *" has 4 fields, expected 5 (minute hour day-of-month month day-of-week)"#),
    ])
    func badInput(_ args: [String], _ message: String) {
        do {
            _ = try UpdraftCommand.parseAsRoot(["schedule", "next"] + args)
            Issue.record("\(args) parsed")
        } catch {
            #expect(UpdraftCommand.exitCode(for: error).rawValue == 64)
            #expect(UpdraftCommand.message(for: error) == message)
        }
    }

    @Test("an expression that can never fire is rejected up front")
    func neverFires() {
        #expect(throws: (any Error).self) { try UpdraftCommand.parseAsRoot(["schedule", "next", "0 0 30 2 *"]) }
        do {
            _ = try UpdraftCommand.parseAsRoot(["schedule", "next", "0 0 31 4 *"])
        } catch {
            #expect(UpdraftCommand.message(for: error)
                == #"invalid schedule expression: cron expression "0 0 31 4 *" never fires: none of its months has day-of-month 31"#)
        }
    }

    @Test("the help lists the subcommand and its options")
    func help() {
        let help = UpdraftCommand.helpMessage(for: ScheduleNextCommand.self)
        #expect(help.contains("--tz") && help.contains("--from") && help.contains("--json") && help.contains("-n"))
        #expect(UpdraftCommand.helpMessage(for: ScheduleCommand.self).contains("next"))
    }
}
