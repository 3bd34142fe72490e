import Foundation

/// Deletes what is older than ``maxAge``: finished DAG runs (rows, with their task
/// instances and XComs) and task log files. The scheduler runs it hourly;
/// `updraft db clean --older-than 7d` runs it on demand.
public struct Retention: Sendable, Hashable {
    /// How long finished runs and logs are kept (default 30 days).
    public var maxAge: TimeInterval

    /// Thirty days.
    public static let defaultMaxAge: TimeInterval = 30 * 86_400

    /// A retention of `maxAge` seconds.
    public init(maxAge: TimeInterval = Retention.defaultMaxAge) {
        self.maxAge = maxAge
    }

    /// Deletes finished runs that ended before `now - maxAge` and their log folders, then
    /// every log file last modified before that cutoff, then log folders left empty.
    public func clean(store: some MetaStore, home: UpdraftHome, now: Date = Date()) async throws -> RetentionReport {
        let cutoff = now.addingTimeInterval(-maxAge)
        let runs = try await store.deleteFinishedRuns(endedBefore: cutoff)
        let folders = runs.map { home.runLogsFolder(dagId: $0.dagId, runId: $0.runId) }
        let sweeper = LogSweeper(logsFolder: home.logsFolder)
        // File removal blocks on the disk: run it on a dispatch queue, not the cooperative pool.
        let logFiles = await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            Self.fileQueue.async {
                let removed = folders.reduce(0) { $0 + sweeper.removeFolder($1) }
                continuation.resume(returning: removed + sweeper.removeFiles(modifiedBefore: cutoff))
            }
        }
        return RetentionReport(cutoff: cutoff, runsDeleted: runs.count, logFilesDeleted: logFiles)
    }

    private static let fileQueue = DispatchQueue(label: "updraft.retention", qos: .utility)
}

/// What a ``Retention/clean(store:home:now:)`` deleted.
public struct RetentionReport: Sendable, Hashable, Codable {
    /// Runs and logs older than this were deleted.
    public var cutoff: Date
    /// Finished DAG runs deleted (with their task instances and XComs).
    public var runsDeleted: Int
    /// Log files deleted (of those runs, or older than the cutoff).
    public var logFilesDeleted: Int

    /// A report.
    public init(cutoff: Date, runsDeleted: Int = 0, logFilesDeleted: Int = 0) {
        self.cutoff = cutoff
        self.runsDeleted = runsDeleted
        self.logFilesDeleted = logFilesDeleted
    }

    enum CodingKeys: String, CodingKey {
        case cutoff, runsDeleted = "runs_deleted", logFilesDeleted = "log_files_deleted"
    }
}
