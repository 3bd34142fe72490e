import Foundation
import Testing
@testable import UpdraftBench
import UpdraftCore

@Suite("bench run: generated DAGs and hand-off latency")
struct RunBenchTests {
    @Test("shapes: chain links consecutive tasks, fanout hangs every task on the root, tree on (i-1)/2")
    func shapes() {
        #expect(RunBenchDag.edges(tasks: 4, shape: .chain).map { "\($0.upstream)>\($0.downstream)" }
                == ["t00000>t00001", "t00001>t00002", "t00002>t00003"])
        #expect(RunBenchDag.edges(tasks: 4, shape: .fanout).map(\.upstream) == ["t00000", "t00000", "t00000"])
        #expect(RunBenchDag.edges(tasks: 7, shape: .tree).map(\.upstream)
                == ["t00000", "t00000", "t00001", "t00001", "t00002", "t00002"])
        #expect(RunBenchDag.edges(tasks: 1, shape: .chain).isEmpty)
    }

    @Test("the generated DAG validates, has no limits in the way, and uses the noop callable or bash true")
    func generatedDag() {
        let noop = RunBenchDag.make(tasks: 50, shape: .tree, kind: .noop)
        #expect(noop.validate().isEmpty)
        #expect(noop.tasks.count == 50)
        #expect(noop.maxActiveTasks >= 50)
        guard case .swift(let body) = noop.tasks[0].kind else { Issue.record("not a swift task"); return }
        #expect(body.name == "updraft.noop")
        let bash = RunBenchDag.make(tasks: 3, shape: .fanout, kind: .bash)
        #expect(bash.tasks[2].kind == .bash(BashCommand(command: "true")))
        #expect(bash.tasks[2].upstreamIds == ["t00000"])
    }

    @Test("hand-off = downstream start − upstream end, per edge; missing dates are counted, negatives clamp to 0")
    func handoff() {
        let t0 = Date(timeIntervalSince1970: 1_000)
        let edges = RunBenchDag.edges(tasks: 4, shape: .chain)
        let ends = ["t00000": t0, "t00001": t0.addingTimeInterval(1), "t00002": t0.addingTimeInterval(2)]
        let starts = ["t00001": t0.addingTimeInterval(0.0005), "t00002": t0.addingTimeInterval(0.999)]
        let latency = HandoffLatency(edges: edges, startDates: starts, endDates: ends)
        #expect(latency.samplesMs.count == 2)
        #expect(latency.missing == 1)
        #expect(abs(latency.samplesMs[0] - 0.5) < 0.001)
        #expect(latency.samplesMs[1] == 0)
        #expect(latency.percentileMs(99) >= 0.49 && latency.percentileMs(99) <= 0.51)
        let many = HandoffLatency(edges: (0..<100).map { ("u\($0)", "d\($0)") },
                                  startDates: Dictionary(uniqueKeysWithValues: (0..<100).map { ("d\($0)", t0.addingTimeInterval(Double($0 + 1) / 1000)) }),
                                  endDates: Dictionary(uniqueKeysWithValues: (0..<100).map { ("u\($0)", t0) }))
        #expect(abs(many.percentileMs(50) - 50) < 0.1)
        #expect(abs(many.percentileMs(99) - 99) < 0.1)
        #expect(HandoffLatency(edges: [], startDates: [:], endDates: [:]).percentileMs(50) == 0)
    }

    @Test("the JSON report has the keys the issue names")
    func reportKeys() throws {
        let report = RunBenchReport(tasks: 2, shape: "chain", kind: "noop", wallSeconds: 0.5, taskInstancesPerSecond: 4,
                                    handoffP50Ms: 0.4, handoffP99Ms: 0.9, handoffMaxMs: 1, handoffSamples: 1,
                                    allSucceeded: true, runState: "success", states: ["success": 2], workers: 1,
                                    workerConcurrency: 32, startupSeconds: 0.1, peakRSSMB: 30)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        for key in ["tasks", "shape", "kind", "wall_s", "ti_per_s", "handoff_p50_ms", "handoff_p99_ms", "all_succeeded"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["all_succeeded"] as? Bool == true)
        #expect(report.summary.contains("chain of 2 noop tasks"))
    }
}
