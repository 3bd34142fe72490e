import Foundation
import UpdraftCore

/// The Updraft home folder: the metadata store, task logs and the running scheduler's
/// address file.
///
/// ```
/// ~/.updraft/
///   updraft.db                 SQLite metadata store (WAL: also -wal, -shm)
///   scheduler.json             SchedulerInfo of the running scheduler
///   scheduler.lock             HomeLock: flock held by the running scheduler, its pid inside
///   secret.key                 the key that seals connection passwords and extras (0600)
///   curve/                     CURVE key pairs (0700): scheduler.key/.pub, client.key/.pub
///   dags/                      default DAG folder
///   logs/dag_id=D/run_id=R/task_id=T/[map_index=N/]attempt=K.log
/// ```
public struct UpdraftHome: Sendable, Hashable {
    /// The folder.
    public var root: URL

    /// A home at `root`.
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The home to use: `explicit` (`--home`), else `$UPDRAFT_HOME`, else `~/.updraft`.
    public static func resolve(explicit: String?) -> UpdraftHome {
        resolve(explicit: explicit, environment: ProcessInfo.processInfo.environment)
    }

    /// The home to use, reading `UPDRAFT_HOME` and `HOME` from `environment`.
    public static func resolve(explicit: String?, environment: [String: String]) -> UpdraftHome {
        if let explicit, !explicit.isEmpty { return UpdraftHome(root: URL(fileURLWithPath: explicit)) }
        if let env = environment["UPDRAFT_HOME"], !env.isEmpty { return UpdraftHome(root: URL(fileURLWithPath: env)) }
        let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return UpdraftHome(root: URL(fileURLWithPath: userHome).appendingPathComponent(".updraft"))
    }

    /// The SQLite metadata store: `root/updraft.db`.
    public var databasePath: String { root.appendingPathComponent("updraft.db").path }

    /// The key sealing connection secrets: `root/secret.key` (created on first use, 0600).
    public var secretKeyPath: String { root.appendingPathComponent("secret.key").path }

    /// The CURVE key files of this home (``UpdraftHome/curveFolder``, mode 0700):
    /// `scheduler.key`/`.pub` (the servers' pair) and `client.key`/`.pub` (what spawned
    /// workers and this home's own tools present), made at the scheduler's first start.
    public var curveFolder: URL { root.appendingPathComponent("curve", isDirectory: true) }

    /// The default DAG folder: `root/dags`.
    public var dagsFolder: URL { root.appendingPathComponent("dags", isDirectory: true) }

    /// Where task logs go: `root/logs`.
    public var logsFolder: URL { root.appendingPathComponent("logs", isDirectory: true) }

    /// The folder of one run's logs: `logs/dag_id=D/run_id=R`.
    public func runLogsFolder(dagId: String, runId: String) -> URL {
        logsFolder.appendingPathComponent("dag_id=\(Self.safe(dagId))", isDirectory: true)
            .appendingPathComponent("run_id=\(Self.safe(runId))", isDirectory: true)
    }

    /// The log file of one try: `logs/dag_id=D/run_id=R/task_id=T/[map_index=N/]attempt=K.log`
    /// (the map index folder only for a mapped instance). `/` in ids becomes `_`.
    public func logFile(for id: TaskInstanceID, tryNumber: Int) -> URL {
        var folder = runLogsFolder(dagId: id.dagId, runId: id.runId)
            .appendingPathComponent("task_id=\(Self.safe(id.taskId))", isDirectory: true)
        if id.mapIndex >= 0 { folder.appendPathComponent("map_index=\(id.mapIndex)", isDirectory: true) }
        return folder.appendingPathComponent("attempt=\(tryNumber).log")
    }

    /// The running scheduler's address file: `root/scheduler.json`.
    public var schedulerInfoFile: URL { root.appendingPathComponent("scheduler.json") }

    /// The lock a scheduler process holds for its whole life (``HomeLock``):
    /// `root/scheduler.lock`, holding the pid of its last holder. Never delete it while a
    /// scheduler runs (a new file would be a new, free lock).
    public var schedulerLockFile: URL { root.appendingPathComponent("scheduler.lock") }

    /// Written by a scheduler process that stopped cleanly (every worker drained, nothing
    /// left running), removed by the next one when it starts: its queued tries then skip the
    /// recovery grace (`SchedulerConfiguration.previousStopWasClean`).
    public var cleanStopFile: URL { root.appendingPathComponent("clean-stop") }

    /// An id as one path component: `/` would make a folder, `..` would climb out.
    static func safe(_ component: String) -> String {
        let replaced = component.replacingOccurrences(of: "/", with: "_")
        return replaced == ".." || replaced == "." ? replaced.replacingOccurrences(of: ".", with: "_") : replaced
    }
}
