import Foundation

/// A worker registered with the scheduler's executor, as the store remembers it (table
/// `connected_worker`). The scheduler writes the row when the worker joins, before any try
/// is dispatched to it, and deletes it when the worker leaves or is declared lost. After a
/// crash, these rows are the workers that may still run tries: the recovery grace waits
/// for each of them to re-register and report (``UpdraftCore/RecoveryGrace``).
public struct ConnectedWorkerRecord: Sendable, Hashable {
    /// The worker's id (`updraft worker --id`).
    public var workerId: String
    /// Its host and process id, from its hello.
    public var hostname: String
    public var pid: Int
    /// When it (last) joined.
    public var joinedAt: Date

    /// A row.
    public init(workerId: String, hostname: String, pid: Int, joinedAt: Date) {
        self.workerId = workerId
        self.hostname = hostname
        self.pid = pid
        self.joinedAt = joinedAt
    }
}
