import Foundation
import UpdraftCore
import UpdraftLoader

/// `updraft bench dags`: how long `DagBag.load(folder:)` takes over a synthetic folder of
/// YAML DAG files, and how much memory the process reaches (target: 1,000 files of 50
/// tasks in < 2 s and < 300 MB, release build).
public enum DagLoadBench {
    /// One load of the folder.
    public struct Result: Sendable {
        /// DAGs loaded.
        public var dags: Int
        /// Tasks over all loaded DAGs.
        public var tasks: Int
        /// Files that did not load (should be 0).
        public var importErrors: Int
        /// Wall-clock time of the load.
        public var wall: Duration
        /// CPU time (user + system) the process spent during the load, all threads.
        public var cpuSeconds: Double
        /// Peak resident memory of the process so far, in MiB.
        public var maxResidentMiB: Double
    }

    /// Writes `files` DAG files of `tasksPerFile` tasks each into `folder` (created if
    /// needed): bash tasks with templates in the command and env, a few empty joins,
    /// sensors, branches, mapped tasks and one task group per file, with several upstreams each.
    public static func writeFolder(_ folder: String, files: Int, tasksPerFile: Int) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for f in 0..<files {
            let path = folder + "/" + String(format: "dag_%05d.yml", f)
            try makeFile(index: f, tasks: tasksPerFile).write(toFile: path, atomically: false, encoding: .utf8)
        }
    }

    /// The text of synthetic DAG file number `index`.
    public static func makeFile(index: Int, tasks: Int) -> String {
        var s = """
            dag_id: bench_\(index)
            description: Synthetic DAG \(index)
            schedule: "\(index % 60) 6 * * *"
            start_date: 2026-01-01
            timezone: Europe/Berlin
            max_active_runs: 1
            tags: [bench, generated]
            params: {region: eu, limit: \(index % 100)}
            default_args: {owner: data-eng, retries: 2, retry_delay: 5m, pool: p\(index % 4)}
            tasks:

            """
        let groupStart = max(1, tasks - 5)
        for t in 0..<min(tasks, groupStart) {
            s += "  - task_id: t\(t)\n"
            switch t % 10 {
            case 3: s += "    empty: true\n    trigger_rule: none_failed_min_one_success\n"
            case 6: s += "    sensor: file\n    filepath: \"/data/{{ ds }}/part_\(t).csv\"\n    poke_interval: 30s\n    timeout: 1h\n"
            case 8: s += "    bash: \"copy {{ item }} --date {{ ds }}\"\n    expand: {items: [users, orders, items]}\n"
            case 9: s += "    branch: \"echo t\(t + 1)\"\n"
            default:
                s += "    bash: \"run --step \(t) --date {{ ds }} --region {{ params.region }}\"\n"
                s += "    env: {STEP: \"\(t)\", REGION: \"{{ params.region }}\"}\n    execution_timeout: 10m\n"
            }
            if t > 0 { s += "    upstream: [t\(t - 1)\(t > 3 ? ", t\(t - 4)" : "")]\n" }
            if t % 7 == 0 { s += "    priority_weight: \(t % 5 + 1)\n    weight_rule: upstream\n    queue: heavy\n" }
        }
        if tasks > groupStart {
            s += "  - group_id: load\n    upstream: [t\(groupStart - 1)]\n    default_args: {pool: warehouse}\n    tasks:\n"
            for g in 0..<(tasks - groupStart) {
                s += "      - {task_id: g\(g), bash: \"load part \(g) {{ ds_nodash }}\"\(g > 0 ? ", upstream: [g\(g - 1)]" : "")}\n"
            }
        }
        return s
    }

    /// Loads `folder` once and measures it.
    public static func load(_ folder: String) async throws -> Result {
        let cpuBefore = cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        let bag = try await DagBag.load(folder: folder)
        let wall = clock.now - start
        return Result(
            dags: bag.dags.count, tasks: bag.dags.reduce(0) { $0 + $1.tasks.count },
            importErrors: bag.importErrors.count, wall: wall, cpuSeconds: cpuSeconds() - cpuBefore,
            maxResidentMiB: maxResidentMiB())
    }

    /// The first import error of a load, to show why a synthetic file did not load.
    public static func firstImportError(_ folder: String) async throws -> DagImportError? {
        try await DagBag.load(folder: folder).importErrors.first
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    static func maxResidentMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // KiB on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
        #endif
    }
}
