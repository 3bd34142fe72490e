import Foundation
import Testing
import UpdraftPostgresTesting
@testable import UpdraftBench
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("updraft bench ha: evidence, flags, a one-minute run on a real PostgreSQL")
struct BenchHATests {
    static func line(_ instance: String, _ tryNumber: Int, _ event: String, _ seconds: Double) -> String {
        let parts = instance.split(separator: "/")
        return "\(parts[0]) \(parts[1]) \(parts[2]) \(tryNumber) \(event) \(Int(seconds * 1e9))\n"
    }

    @Test("evidence: a try started twice and overlapping tries are doubled; a killed try overlaps nothing; lines split across reads join")
    func evidence() {
        var e = HAEvidence()
        let text = Self.line("d/r/a", 1, "start", 10) + Self.line("d/r/a", 1, "end", 11)
            + Self.line("d/r/a", 2, "start", 12) + Self.line("d/r/a", 2, "end", 13)   // retried after: fine
            + Self.line("d/r/b", 1, "start", 10) + Self.line("d/r/b", 2, "start", 10.5)
            + Self.line("d/r/b", 1, "end", 11) + Self.line("d/r/b", 2, "end", 12)     // overlap
            + Self.line("d/r/c", 1, "start", 10) + Self.line("d/r/c", 1, "start", 10.2) // started twice
            + Self.line("d/r/k", 1, "start", 10) + Self.line("d/r/k", 2, "start", 11) + Self.line("d/r/k", 2, "end", 12)
        let cut = text.index(text.startIndex, offsetBy: 25)
        #expect(e.feed(String(text[..<cut])).isEmpty)
        e.feed(String(text[cut...]) + "garbage line\n")
        #expect(e.lines.count == 13)
        #expect(e.doubled == ["d/r/b tries 1 and 2 overlap", "d/r/c try 1 started twice"])
        #expect(e.cutShort == 2, "c's try 1 (one end for two starts is none) and k's try 1")
        #expect(HAEvidence.firstStart(in: e.lines, after: 11.5) == 12)
        #expect(HAEvidence.firstStart(in: e.lines, after: 13) == nil)
    }

    @Test("flags: a SQLite or malformed store, no store, and out-of-range numbers are refused naming the flag")
    func flags() throws {
        #expect(throws: (any Error).self) { let _: BenchHACommand = try parse(["bench", "ha", "--store", "sqlite:///tmp/x.db"]) }
        #expect(throws: (any Error).self) { let _: BenchHACommand = try parse(["bench", "ha", "--store", "postgres://nohost"]) }
        #expect(throws: (any Error).self) {
            let _: BenchHACommand = try parse(["bench", "ha", "--store", "postgres://u@h/db", "--minutes", "0"])
        }
        #expect(throws: (any Error).self) {
            let _: BenchHACommand = try parse(["bench", "ha", "--store", "postgres://u@h/db", "--schedulers", "1"])
        }
        let command: BenchHACommand = try parse(["bench", "ha", "--store", "postgres://u@h/db", "--dags", "10", "--json"])
        #expect(command.dags == 10 && command.json && command.schedulers == 3)
    }

    @Test("one minute, 2 schedulers, 8 DAGs of 5 tasks sleeping 4 s: the kill is taken over, nothing lost, nothing doubled", .timeLimit(.minutes(4)))
    func oneMinute() async throws {
        let location = try await TestPostgres.shared().freshDatabase()
        let url = location.urlWithPassword
        var settings = try HABenchmark.Settings(storeURL: url, executable: UpdraftBinaryTests.binary.path)
        settings.dags = 8
        settings.tasksPerDag = 5
        settings.schedulers = 2
        settings.workers = 2
        settings.workerConcurrency = 4
        settings.minutes = 1
        settings.taskSleep = 4
        let report = try await HABenchmark.run(settings)
        print(report.text)
        #expect(report.kills == 1)
        #expect(report.takeover_p50_s > 0 && report.takeover_p50_s < 30, "\(report.takeover_s)")
        #expect(report.lease_takeover_p50_s > 0 && report.lease_takeover_p50_s <= report.takeover_p50_s, "\(report.text)")
        #expect(report.lost == 0 && report.doubled == 0, "\(report.text)")
        #expect(report.runs >= 8 && report.task_instances == report.runs * 5)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        for key in ["takeover_p50_s", "lost", "doubled", "ticks_late_p99_s"] { #expect(json?[key] != nil, "missing \(key)") }
    }
}
