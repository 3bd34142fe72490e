import Foundation
import UpdraftBrowser
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft bench recovery`: a real `updraft scheduler` process with live `updraft worker`
/// processes over tcp://127.0.0.1, running a fan-out that waits for pool slots; the
/// scheduler is SIGKILLed at seeded random moments and started again on the same home.
/// Each restart is timed from the new process's start to the first task starting again
/// (every task appends a nanosecond timestamp to a file first thing). A run that finishes
/// is followed by a new one so a fan-out is always in progress.
public enum RecoveryBenchmark {
    /// The settings of one benchmark.
    public struct Settings: Sendable {
        public var restarts = 10
        public var fanOut = 300
        public var poolSlots = 8
        public var workers = 2
        public var workerConcurrency = 4
        public var seed = UInt64.random(in: 1...UInt64(UInt32.max))
        /// The `updraft` binary.
        public var executable: String

        /// Defaults for `executable`.
        public init(executable: String) { self.executable = executable }
    }

    static let dagId = "recovery_bench"

    /// Runs it; throws when the deployment cannot be started.
    public static func run(_ settings: Settings) async throws -> RecoveryBenchReport {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-bench-recovery-\(UUID().uuidString.prefix(8))").path
        let home = root + "/home", dags = root + "/dags", starts = root + "/starts.log"
        for folder in [home, dags] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data(dagYAML(settings, startsFile: starts).utf8).write(to: URL(fileURLWithPath: dags + "/recovery_bench.yml"))
        _ = FileManager.default.createFile(atPath: starts, contents: nil)

        let exe = settings.executable
        let endpoint = LoopbackPort.endpoint()
        let events = LoopbackPort.endpoint()
        try await runToEnd([exe, "pools", "set", "recovery_bench", String(settings.poolSlots), "--home", home])
        let schedulerArgs = [exe, "scheduler", "--home", home, "--dags-folder", dags,
                             "--executor-endpoint", endpoint, "--events-endpoint", events, "--spawn", "none"]
        var scheduler = try SpawnedProcess.start(schedulerArgs)
        var workers: [SpawnedProcess] = []
        defer {
            scheduler.signal(SIGKILL)
            for w in workers { w.signal(SIGKILL) }
        }
        for i in 1...settings.workers {
            // --home: the workers use the home's CURVE client keys, which the scheduler allows.
            workers.append(try SpawnedProcess.start([exe, "worker", "--connect", endpoint, "--home", home, "--concurrency",
                                                     String(settings.workerConcurrency), "--id", "bench-w\(i)"]))
        }
        // The store is read through the binary under test (`runs list --json`), so the bench
        // also compares builds with another schema (`--executable`).
        let runs = RunStates(executable: exe, home: home, scratch: root + "/runs.json")
        let registered = Date().addingTimeInterval(60)
        while try await runs.states() == nil {
            guard Date() < registered, !scheduler.hasExited else {
                throw BenchError("the scheduler did not register \(dagId) within 60 s:\n\(scheduler.outputTail)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        var triggered = 0
        func trigger() async throws {
            try await runToEnd([exe, "dags", "trigger", dagId, "--home", home])
            triggered += 1
        }
        try await trigger()
        var feed = StartsFeed(path: starts)
        guard await feed.waitForStart(after: Date.distantPast, timeout: 60) != nil else {
            throw BenchError("no task started within 60 s of the first trigger; scheduler said:\n\(scheduler.outputTail)")
        }

        var rng = SeededGenerator(seed: settings.seed)
        var samples: [Double] = []
        var missed = 0
        for _ in 0..<settings.restarts {
            // Kill in the middle of the fan-out: 0.5–2.5 s after the last dispatch resumed.
            try await Task.sleep(for: .milliseconds(Int.random(in: 500...2500, using: &rng)))
            if try await runs.activeCount() == 0 { try await trigger() }
            scheduler.signal(SIGKILL)
            _ = await scheduler.waitForExit()
            // A dispatch the dead process sent just before the kill may still start its task
            // on a worker: let those starts land before the clock starts, so every start
            // counted after it was dispatched by the new process.
            try await Task.sleep(for: .milliseconds(150))
            _ = await feed.waitForStart(after: .distantFuture, timeout: 0)
            let start = Date()
            scheduler = try SpawnedProcess.start(schedulerArgs)
            if let first = await feed.waitForStart(after: start, timeout: 30) {
                samples.append(first.timeIntervalSince(start) * 1000)
            } else {
                missed += 1
            }
        }
        // Let the runs end.
        let deadline = Date().addingTimeInterval(300)
        while try await runs.activeCount() != 0, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let final = try await runs.states() ?? []
        let succeeded = final.filter { $0 == "success" }.count
        scheduler.signal(SIGTERM)
        for w in workers { w.signal(SIGTERM) }
        _ = await scheduler.waitForExit()
        for w in workers { _ = await w.waitForExit() }
        return RecoveryBenchReport(
            restarts: settings.restarts,
            restart_to_dispatch_p50_ms: RecoveryBenchReport.percentile(50, of: samples),
            restart_to_dispatch_p99_ms: RecoveryBenchReport.percentile(99, of: samples),
            restart_to_dispatch_ms: samples.map { ($0 * 10).rounded() / 10 },
            runs_completed: succeeded, runs_triggered: triggered,
            all_succeeded: missed == 0 && succeeded == triggered && final.count == triggered,
            fan_out: settings.fanOut, pool_slots: settings.poolSlots, workers: settings.workers,
            worker_concurrency: settings.workerConcurrency, seed: settings.seed)
    }

    /// A root, `fanOut` tasks in the pool (retries on), a join with `all_done`.
    static func dagYAML(_ s: Settings, startsFile: String) -> String {
        var yaml = """
            dag_id: \(dagId)
            schedule: null
            start_date: 2026-01-01
            max_active_runs: 1
            default_args: {retries: 5, retry_delay: 0s}
            tasks:
              - task_id: root
                bash: "true"

            """
        let record = "echo $(date +%s%N) >> \(startsFile); sleep 0.2"
        for i in 1...s.fanOut {
            yaml += """
                  - task_id: f\(i)
                    bash: "\(record)"
                    pool: recovery_bench
                    upstream: [root]

                """
        }
        yaml += """
              - task_id: join
                bash: "true"
                trigger_rule: all_done
                upstream: [\((1...s.fanOut).map { "f\($0)" }.joined(separator: ", "))]

            """
        return yaml
    }

    /// The states of the benchmark DAG's runs, read with `updraft runs list --json`.
    struct RunStates {
        let executable: String
        let home: String
        let scratch: String

        /// Every run's state; nil while the DAG is not in the store yet.
        func states() async throws -> [String]? {
            let quoted = [executable, "runs", "list", dagId, "--home", home, "--json"].map { "'\($0)'" }.joined(separator: " ")
            let process = try SpawnedProcess.start(["/bin/sh", "-c", "\(quoted) > '\(scratch)'"])
            guard await process.waitForExit() == "exit status 0" else { return nil }
            let data = try Data(contentsOf: URL(fileURLWithPath: scratch))
            guard let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw BenchError("`runs list --json` printed something that is not a list of runs")
            }
            return rows.compactMap { $0["state"] as? String }
        }

        /// Runs queued or running.
        func activeCount() async throws -> Int {
            (try await states() ?? []).filter { $0 == "queued" || $0 == "running" }.count
        }
    }

    /// Runs a command to its end; throws when it fails.
    static func runToEnd(_ arguments: [String]) async throws {
        let process = try SpawnedProcess.start(arguments)
        let exit = await process.waitForExit()
        guard exit == "exit status 0" else {
            throw BenchError("`\(arguments.dropFirst().joined(separator: " "))` ended with \(exit): \(process.outputTail)")
        }
    }
}
