import Foundation
import UpdraftBrowser
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft bench ha`: several real `updraft scheduler` processes on one PostgreSQL store
/// (one active, holding the scheduler lease; the others standing by) and tcp workers that
/// list every scheduler (`--connect` repeated), running many small DAGs every minute. Once a
/// minute, a few seconds after the minute's runs start, the active scheduler is SIGKILLed
/// and started again at once (it comes back as a standby). Measures the takeover (kill →
/// first try started again), tries lost or run twice at once (from evidence the tasks
/// write, and the store once everything settled), and how late runs start after their tick.
public enum HABenchmark {
    /// The settings of one run.
    public struct Settings: Sendable {
        /// The `postgres://` URL of an empty database (password included: the processes need it).
        public var storeURL: String
        public var store: PostgresLocation
        public var dags = 300
        public var tasksPerDag = 20
        public var schedulers = 3
        public var workers = 3
        public var workerConcurrency = 8
        public var minutes = 5
        /// Seconds each task sleeps between its start and end lines (0: none).
        public var taskSleep = 0.0
        public var seed = UInt64.random(in: 1...UInt64(UInt32.max))
        /// The `updraft` binary.
        public var executable: String

        /// Defaults for `storeURL` and `executable`; a URL that is not `postgres://` is an error.
        public init(storeURL: String, executable: String) throws {
            guard case .postgres(let location) = try StoreLocation(parsing: storeURL) else {
                throw BenchError("bench ha needs a postgres:// store (several schedulers share it), got \(StoreLocation.mask(storeURL))")
            }
            self.storeURL = storeURL
            self.store = location
            self.executable = executable
        }
    }

    /// Runs it; throws when the deployment cannot be started or the store is not empty.
    public static func run(_ settings: Settings, progress: @Sendable (String) -> Void = { _ in }) async throws -> HABenchReport {
        let began = Date()
        let store = try await PostgresStore.open(settings.store)
        defer { Task { await store.close() } }
        guard try await store.dags().isEmpty, try await store.activeDagRuns().isEmpty else {
            throw BenchError("the store \(settings.store) is not empty: bench ha needs a new database")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-bench-ha-\(UUID().uuidString.prefix(8))").path
        let home = root + "/home", dagsFolder = root + "/dags", evidencePath = root + "/evidence"
        for folder in [home, dagsFolder] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = FileManager.default.createFile(atPath: evidencePath, contents: nil)
        for n in 0..<settings.dags {
            let yaml = HADagFile.yaml(dagId: HADagFile.dagId(n), tasks: settings.tasksPerDag, evidence: evidencePath,
                                      sleep: settings.taskSleep)
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: "\(dagsFolder)/\(HADagFile.dagId(n)).yml"))
        }

        let exe = settings.executable
        // Runs for ticks before this moment (each DAG's first run, no catch-up) are not late.
        let deployedAt = Date()
        let environment = ["UPDRAFT_STORE": settings.storeURL, "UPDRAFT_HOME": home]
        let endpoints = (0..<settings.schedulers).map { _ in LoopbackPort.endpoint() }
        func startScheduler(_ i: Int) throws -> SpawnedProcess {
            try SpawnedProcess.start([exe, "scheduler", "--home", home, "--dags-folder", dagsFolder,
                                      "--executor-endpoint", endpoints[i], "--events-endpoint", LoopbackPort.endpoint(),
                                      "--spawn", "none"], environment: environment)
        }
        var schedulers: [SpawnedProcess] = []
        var workers: [SpawnedProcess] = []
        defer {
            for p in schedulers + workers { p.signal(SIGKILL) }
        }
        for i in 0..<settings.schedulers {
            schedulers.append(try startScheduler(i))
            if i == 0 { try await waitForLease(store, timeout: 60, schedulers[0]) }
        }
        for i in 1...settings.workers {
            workers.append(try SpawnedProcess.start(
                [exe, "worker", "--home", home, "--concurrency", String(settings.workerConcurrency), "--id", "ha-w\(i)"]
                    + endpoints.flatMap { ["--connect", $0] }, environment: environment))
        }
        progress("\(settings.schedulers) schedulers and \(settings.workers) workers started; \(settings.dags) DAGs")

        var evidence = HAEvidence()
        var reader = AppendedText(path: evidencePath)
        var rng = SeededGenerator(seed: settings.seed)
        var takeovers: [Double] = []
        var leaseTakeovers: [Double] = []
        for minute in 1...settings.minutes {
            // A few seconds into the minute: the minute's runs are being worked through.
            let now = Date().timeIntervalSince1970
            let next = (now / 60).rounded(.down) * 60 + 60
            try await Task.sleep(for: .seconds(next - now + Double.random(in: 2...5, using: &rng)))
            evidence.feed(reader.readNew())
            guard let holder = try await store.schedulerLeaseHolder(), holder.secondsLeft > 0,
                  let index = schedulers.firstIndex(where: { $0.pid == holder.pid }) else {
                progress("minute \(minute): no active scheduler to kill (lease: \(String(describing: try? await store.schedulerLeaseHolder())))")
                continue
            }
            schedulers[index].signal(SIGKILL)
            let killedAt = Date().timeIntervalSince1970
            _ = await schedulers[index].waitForExit()
            schedulers[index] = try startScheduler(index)
            // Starts dispatched by the dead scheduler just before the kill may land for a moment.
            let after = killedAt + 0.15
            let deadline = Date().addingTimeInterval(60)
            var first: Double?
            var leased: Double?
            while first == nil || leased == nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
                if first == nil { first = HAEvidence.firstStart(in: evidence.feed(reader.readNew()), after: after) }
                if leased == nil, let now = try? await store.schedulerLeaseHolder(), now.lease.token > holder.lease.token,
                   now.secondsLeft > 0 {
                    leased = Date().timeIntervalSince1970
                }
            }
            if let leased { leaseTakeovers.append(((leased - killedAt) * 100).rounded() / 100) }
            if let first {
                takeovers.append(((first - killedAt) * 100).rounded() / 100)
                progress("minute \(minute): killed scheduler \(index + 1) (pid \(holder.pid)); a try started again \(String(format: "%.2f", first - killedAt)) s later")
            } else {
                progress("minute \(minute): killed scheduler \(index + 1); no try started within 60 s")
                takeovers.append(60)
            }
        }

        // Settle: pause every DAG (no new runs), let the running ones finish.
        for n in 0..<settings.dags { try await store.setPaused(dagId: HADagFile.dagId(n), true) }
        let settleBy = Date().addingTimeInterval(180)
        while try await store.activeDagRuns().contains(where: { $0.state == .running }), Date() < settleBy {
            try await Task.sleep(for: .milliseconds(500))
        }
        evidence.feed(reader.readNew())
        let active = try await store.activeDagRuns()
        let waiting = Set(active.filter { $0.state == .queued }.map { "\($0.dagId)/\($0.runId)" })
        let unfinished = try await store.taskInstances(inStates: [.none, .scheduled, .queued, .running, .upForRetry,
                                                                     .upForReschedule, .deferred])
            .filter { !waiting.contains("\($0.id.dagId)/\($0.id.runId)") }
        let failed = try await store.taskInstances(inStates: [.failed, .upstreamFailed]).count
        var late: [Double] = []
        var runs = 0, instances = 0
        for n in 0..<settings.dags {
            for run in try await store.dagRuns(dagId: HADagFile.dagId(n), states: nil, limit: nil) where !waiting.contains("\(run.dagId)/\(run.runId)") {
                runs += 1
                instances += settings.tasksPerDag
                if run.runType == .scheduled, run.dataIntervalEnd >= deployedAt, let start = run.startDate {
                    late.append(start.timeIntervalSince(run.dataIntervalEnd))
                }
            }
        }
        for p in schedulers + workers { p.signal(SIGTERM) }
        for p in schedulers + workers { _ = await p.waitForExit() }
        return HABenchReport(
            kills: takeovers.count,
            takeover_p50_s: RecoveryBenchReport.percentile(50, of: takeovers),
            takeover_max_s: takeovers.max() ?? 0, takeover_s: takeovers,
            lease_takeover_p50_s: RecoveryBenchReport.percentile(50, of: leaseTakeovers),
            lost: unfinished.count, doubled: evidence.doubled.count, tries_cut_short: evidence.cutShort, failed: failed,
            ticks_late_p50_s: rounded(RecoveryBenchReport.percentile(50, of: late)),
            ticks_late_p99_s: rounded(RecoveryBenchReport.percentile(99, of: late)),
            runs: runs, task_instances: instances, dags: settings.dags, tasks_per_dag: settings.tasksPerDag,
            schedulers: settings.schedulers, workers: settings.workers, worker_concurrency: settings.workerConcurrency,
            minutes: settings.minutes, seed: settings.seed, elapsed_s: rounded(Date().timeIntervalSince(began)))
    }

    static func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    /// Waits until some scheduler holds the lease.
    static func waitForLease(_ store: PostgresStore, timeout: TimeInterval, _ first: SpawnedProcess) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let holder = try await store.schedulerLeaseHolder(), holder.secondsLeft > 0 { return }
            guard !first.hasExited else { throw BenchError("the first scheduler exited:\n\(first.outputTail)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("no scheduler took the lease within \(Int(timeout)) s:\n\(first.outputTail)")
    }
}

/// The DAGs of `bench ha`: a binary tree of tasks (task i waits for task (i-1)/2) on
/// `* * * * *`, no catch-up, each task leaving its evidence (``HAEvidence``).
enum HADagFile {
    static func dagId(_ n: Int) -> String { String(format: "ha_%03d", n) }

    static func yaml(dagId: String, tasks: Int, evidence: String, sleep: Double = 0) -> String {
        var out = """
            dag_id: \(dagId)
            schedule: "* * * * *"
            start_date: 2026-01-01
            catchup: false
            max_active_runs: 2
            default_args: {retries: 3, retry_delay: 1s}
            tasks:

            """
        for i in 0..<tasks {
            out += "  - task_id: t\(i)\n    bash: \"\(HAEvidence.command(file: evidence, sleep: sleep))\"\n"
            if i > 0 { out += "    upstream: [t\((i - 1) / 2)]\n" }
        }
        return out
    }
}
