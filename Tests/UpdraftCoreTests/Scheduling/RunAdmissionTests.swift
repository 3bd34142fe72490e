import Foundation
import Testing
@testable import UpdraftCore

@Suite("RunAdmission: which queued runs start (max_active_runs, paused, oldest first)")
struct RunAdmissionTests {
    static func run(_ dagId: String, _ runId: String, day: Int, _ state: DagRunState) -> RunAdmission.Run {
        RunAdmission.Run(dagId: dagId, runId: runId, logicalDate: Date(timeIntervalSince1970: Double(day) * 86_400), state: state)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var runs: [RunAdmission.Run]
        var paused: Set<String> = []
        var limits: [String: Int]
        var started: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "limit 1, nothing running: only the oldest queued starts",
             runs: [run("a", "r2", day: 2, .queued), run("a", "r1", day: 1, .queued)], limits: ["a": 1], started: ["r1"]),
        Case(name: "limit 1, one running: none starts",
             runs: [run("a", "r0", day: 0, .running), run("a", "r1", day: 1, .queued)], limits: ["a": 1], started: []),
        Case(name: "limit 2, one running, three queued: the oldest one",
             runs: [run("a", "r0", day: 0, .running), run("a", "r3", day: 3, .queued),
                    run("a", "r1", day: 1, .queued), run("a", "r2", day: 2, .queued)], limits: ["a": 2], started: ["r1"]),
        Case(name: "a paused DAG's queued runs wait",
             runs: [run("a", "r1", day: 1, .queued)], paused: ["a"], limits: ["a": 16], started: []),
        Case(name: "same logical date: by run id",
             runs: [run("a", "manual_b", day: 1, .queued), run("a", "manual_a", day: 1, .queued)], limits: ["a": 1], started: ["manual_a"]),
        Case(name: "a DAG that is not loaded (no limit) starts nothing",
             runs: [run("gone", "r1", day: 1, .queued)], limits: [:], started: []),
        Case(name: "each DAG its own limit; finished runs do not count",
             runs: [run("a", "a0", day: 0, .success), run("a", "a1", day: 1, .queued), run("a", "a2", day: 2, .queued),
                    run("b", "b0", day: 0, .running), run("b", "b1", day: 1, .queued)],
             limits: ["a": 1, "b": 1], started: ["a1"]),
        Case(name: "oldest first across DAGs (start order)",
             runs: [run("b", "b1", day: 1, .queued), run("a", "a2", day: 2, .queued)], limits: ["a": 1, "b": 1], started: ["b1", "a2"]),
    ]

    @Test("admission", arguments: cases)
    func admission(_ c: Case) {
        let started = RunAdmission.runsToStart(c.runs, paused: c.paused, maxActiveRuns: c.limits).map(\.runId)
        #expect(started == c.started)
    }
}
