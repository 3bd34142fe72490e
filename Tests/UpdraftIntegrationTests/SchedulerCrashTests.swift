import Foundation
import Testing
import UpdraftCore

/// The scheduler SIGKILLed mid-run and started again on the same home and endpoints: the
/// run completes, every task instance ends success (none lost), and no task ran twice at
/// the same time (each task appends `start`/`end` lines with a timestamp and its pid; the
/// intervals of one task_id must not overlap).
@Suite("Integration: scheduler killed mid-run", .timeLimit(.minutes(3)))
struct SchedulerCrashTests {
    static let dag = """
        dag_id: it_scheduler_crash
        schedule: null
        default_args: {retries: 2, retry_delay: 1s}
        tasks:
          - task_id: first
            bash: "echo ${UPDRAFT_TASK_ID}_${UPDRAFT_MAP_INDEX} start $(date +%s.%N) $$ >> SCRATCH/intervals; sleep 1; echo ${UPDRAFT_TASK_ID}_${UPDRAFT_MAP_INDEX} end $(date +%s.%N) $$ >> SCRATCH/intervals"
          - task_id: middle
            bash: "echo ${UPDRAFT_TASK_ID}_${UPDRAFT_MAP_INDEX} start $(date +%s.%N) $$ >> SCRATCH/intervals; sleep 4; echo ${UPDRAFT_TASK_ID}_${UPDRAFT_MAP_INDEX} end $(date +%s.%N) $$ >> SCRATCH/intervals"
            upstream: [first]
            expand: {items: [a, b, c]}
          - task_id: last
            bash: "echo ${UPDRAFT_TASK_ID}_${UPDRAFT_MAP_INDEX} start $(date +%s.%N) $$ >> SCRATCH/intervals; sleep 1; echo ${UPDRAFT_TASK_ID}_${UPDRAFT_MAP_INDEX} end $(date +%s.%N) $$ >> SCRATCH/intervals"
            upstream: [middle]
        """

    /// One task try's interval read from the evidence file.
    struct Interval: CustomStringConvertible {
        var key: String
        var pid: String
        var start: Double
        var end: Double?
        var description: String { "\(key) pid \(pid) \(start)..\(end.map { String($0) } ?? "?")" }
    }

    /// Pairs `start`/`end` lines by task key and pid.
    static func intervals(_ text: String) -> [Interval] {
        var open: [String: Interval] = [:]
        var done: [Interval] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            guard f.count == 4, let t = Double(f[2]) else { continue }
            let id = "\(f[0])/\(f[3])"
            if f[1] == "start" { open[id] = Interval(key: f[0], pid: f[3], start: t) }
            else if var i = open.removeValue(forKey: id) { i.end = t; done.append(i) }
        }
        return done + open.values
    }

    @Test("SIGKILL the scheduler mid-run, restart it: run completes, nothing lost, nothing ran twice at once")
    func schedulerRestartCompletesRun() async throws {
        try await withCluster("scheduler-crash", dags: ["crash.yml": Self.dag]) { cluster in
            let scheduler = try cluster.startScheduler(name: "scheduler-1")
            try cluster.startWorker(id: "wa", concurrency: 4)
            try await cluster.waitForDag("it_scheduler_crash")
            let runId = try await cluster.trigger("it_scheduler_crash")
            let evidence = cluster.scratch + "/intervals"
            _ = try await cluster.waitFor("a mapped `middle` try to start") {
                let text = (try? String(contentsOfFile: evidence, encoding: .utf8)) ?? ""
                return text.contains("middle_0 start") ? true : nil
            }
            scheduler.signal(SIGKILL)
            _ = await scheduler.waitForExit(timeout: .seconds(5))
            try cluster.startScheduler(name: "scheduler-2")
            let run = try await cluster.waitForRun("it_scheduler_crash", runId, timeout: .seconds(120))
            // The mapped task's placeholder (map_index -1) is `removed` once expanded: not a task instance that runs.
            let records = try await cluster.store().taskInstances(dagId: "it_scheduler_crash", runId: runId)
                .filter { !($0.id.taskId == "middle" && $0.id.mapIndex < 0 && $0.state == .removed) }
            try await cluster.require(run.state == .success, "run state \(run.state)")
            #expect(records.count == 5, "first, middle[0..2], last: \(records.map(\.id))")
            #expect(records.allSatisfy { $0.state == .success }, "\(records.map { "\($0.id) \($0.state)" })")
            let text = try String(contentsOfFile: evidence, encoding: .utf8)
            let intervals = Self.intervals(text)
            let keys = Set(intervals.map(\.key))
            #expect(keys.count == 5, "tries seen for \(keys.sorted())\n\(text)")
            for key in keys {
                let mine = intervals.filter { $0.key == key }.sorted { $0.start < $1.start }
                for (a, b) in zip(mine, mine.dropFirst()) {
                    #expect((a.end ?? .infinity) <= b.start, "\(key) ran twice at once: \(a) and \(b)\n\(text)")
                }
            }
        }
    }
}
