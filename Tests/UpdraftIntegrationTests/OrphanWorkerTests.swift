import Foundation
import Testing

/// Workers that `updraft standalone` spawns carry `--parent-pid`: when the standalone process
/// is SIGKILLed they stop within a second or so and kill their running tries, instead of
/// reconnecting forever to an executor that is gone (a restarted standalone listens on
/// another port, and retries what was running).
@Suite("Integration: spawned workers follow their scheduler", .timeLimit(.minutes(2)))
struct OrphanWorkerTests {
    static let dag = """
        dag_id: it_orphan
        schedule: null
        tasks:
          - task_id: long
            bash: "echo $$ > SCRATCH/long.pid; sleep 60"
        """

    /// Processes whose command line holds `--parent-pid PID`.
    static func spawnedWorkers(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let candidate = Int32(entry),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard let flag = arguments.firstIndex(of: "--parent-pid"), flag + 1 < arguments.count,
                  arguments[flag + 1] == String(pid), arguments.contains("worker") else { return nil }
            return candidate
        }
    }

    /// Whether `pid` still runs (a zombie waiting to be reaped does not).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    @Test("SIGKILL standalone while a spawned worker runs a task: the worker and the task end")
    func spawnedWorkerStopsWithItsScheduler() async throws {
        try await withCluster("orphan", dags: ["orphan.yml": Self.dag]) { cluster in
            let standalone = try cluster.start(
                "standalone", ["standalone", "--dags-folder", cluster.dagsFolder, "--home", cluster.home])
            try await cluster.waitForDag("it_orphan")
            let trigger = try await cluster.run(["dags", "trigger", "it_orphan", "--home", cluster.home])
            try await cluster.require(trigger.status == 0, "trigger: \(trigger.err)")
            let pidFile = cluster.scratch + "/long.pid"
            let taskPid = try await cluster.waitFor("the task to start on a spawned worker") { () -> Int32? in
                guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return nil }
                return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let workers = Self.spawnedWorkers(of: standalone.pid)
            try await cluster.require(!workers.isEmpty, "no process runs `worker ... --parent-pid \(standalone.pid)`")
            #expect(Self.isRunning(taskPid))

            standalone.signal(SIGKILL)
            let stopped = try await cluster.waitFor("the orphaned worker and its task to end", timeout: .seconds(60)) {
                () -> Bool? in
                workers.allSatisfy { !Self.isRunning($0) } && !Self.isRunning(taskPid) ? true : nil
            }
            #expect(stopped)
        }
    }
}
