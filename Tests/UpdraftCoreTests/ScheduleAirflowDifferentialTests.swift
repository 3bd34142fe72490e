import Foundation
import Testing
@testable import UpdraftCore

/// Updraft's cron fire times against Airflow's algorithm (croniter + pendulum, as its cron
/// timetable runs them: Fixtures/airflow_cron.py) on both 2026 DST transitions of
/// America/New_York and Europe/Berlin, forward and backward. Needs python3 with croniter and
/// pendulum (`.ci/setup` installs them); fails when they are missing.
@Suite("Cron across DST: the same fire times as Airflow")
struct ScheduleAirflowDifferentialTests {
    struct Case: Codable, Sendable {
        var zone: String
        var expr: String
        var after: Int64
        var count: Int
        var direction: String
    }

    static let expressions = [
        "0 * * * *", "30 * * * *", "*/30 * * * *", "*/20 * * * *", "15,45 * * * *",
        "30 2 * * *", "0 2 * * *", "30 1 * * *", "0 3 * * *", "0 0 * * *", "15 2,3 * * *",
        "0 */2 * * *", "0 1-3 * * *", "45 * * * 0", "0 * 1 * *",
    ]
    /// Local noon the day before each 2026 transition, and the day after (for `previous`).
    static let windows: [(zone: String, before: String, after: String)] = [
        ("America/New_York", "2026-03-07T12:00:00-05:00", "2026-03-09T12:00:00-04:00"),
        ("America/New_York", "2026-10-31T12:00:00-04:00", "2026-11-02T12:00:00-05:00"),
        ("Europe/Berlin", "2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00"),
        ("Europe/Berlin", "2026-10-24T12:00:00+02:00", "2026-10-26T12:00:00+01:00"),
    ]

    static var cases: [Case] {
        var out: [Case] = []
        for window in windows {
            for expr in expressions {
                let count = expr.contains("*/") || expr.hasPrefix("0 * ") || expr.hasPrefix("30 * ") || expr.hasPrefix("15,45")
                    || expr.hasPrefix("45 * ") ? 60 : 4
                out.append(Case(zone: window.zone, expr: expr, after: Int64(instant(window.before).timeIntervalSince1970), count: count, direction: "next"))
                out.append(Case(zone: window.zone, expr: expr, after: Int64(instant(window.after).timeIntervalSince1970), count: count, direction: "previous"))
            }
        }
        return out
    }

    /// Airflow's answers, one list of Unix seconds per case. The Python process is waited
    /// for on a thread of its own, never on the cooperative pool.
    static func airflow(_ cases: [Case]) async throws -> [[Int64]] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/airflow_cron.py").path
        let request = try JSONEncoder().encode(cases)
        let (status, data, problem) = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<(Int32, Data, String), any Error>) in
            Thread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["python3", script]
                let input = Pipe(), output = Pipe(), errors = Pipe()
                process.standardInput = input
                process.standardOutput = output
                process.standardError = errors
                do {
                    try process.run()
                    input.fileHandleForWriting.write(request)
                    try input.fileHandleForWriting.close()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let data = output.fileHandleForReading.readDataToEndOfFile()
                let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, data, problem))
            }.start()
        }
        guard status == 0 else {
            throw DifferentialFailure("the Airflow reference failed (python3 with croniter and pendulum: run .ci/setup): \(problem)")
        }
        return try JSONDecoder().decode([[Int64]].self, from: data)
    }

    struct DifferentialFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("next and previous fire times equal Airflow's across both 2026 transitions of New York and Berlin")
    func sameAsAirflow() async throws {
        let cases = Self.cases
        let expected = try await Self.airflow(cases)
        try #require(expected.count == cases.count)
        var mismatches: [String] = []
        for (c, answer) in zip(cases, expected) {
            // Airflow's previous from a skipped wall time placed after its gap returns that
            // same instant again; Updraft's previous is strictly before (a documented difference).
            var want = answer
            if c.direction == "previous" {
                want = answer.enumerated().filter { $0.offset == 0 || answer[$0.offset - 1] != $0.element }.map(\.element)
            }
            let zone = try #require(TimeZone(identifier: c.zone))
            let cron = try CronExpression(parsing: c.expr)
            var cursor = Date(timeIntervalSince1970: TimeInterval(c.after))
            var got: [Int64] = []
            for _ in 0..<want.count {
                guard let step = c.direction == "next" ? cron.next(after: cursor, in: zone) : cron.previous(before: cursor, in: zone) else { break }
                got.append(Int64(step.timeIntervalSince1970))
                cursor = step
            }
            if got != want {
                let at = Array(zip(got, want)).firstIndex { $0.0 != $0.1 } ?? min(got.count, want.count)
                let show = { (t: Int64?) in t.map { ISOTimestamp.format(Date(timeIntervalSince1970: TimeInterval($0)), in: zone) } ?? "-" }
                mismatches.append("\(c.zone) '\(c.expr)' \(c.direction) from \(show(c.after)): #\(at) Updraft \(show(at < got.count ? got[at] : nil)), Airflow \(show(at < want.count ? want[at] : nil))")
            }
        }
        let report = "\(mismatches.count) of \(cases.count) differ:\n" + mismatches.prefix(20).joined(separator: "\n")
        #expect(mismatches.isEmpty, "\(report)")
        #expect(cases.count == 120)
    }
}
