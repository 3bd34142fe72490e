import Foundation

/// The wait after a scheduler restart for the workers that were connected before it: they
/// re-register and their first heartbeat lists the tries they run. It ends as soon as every
/// awaited worker has reported, or at the cap (``deadline``). A pure value: the scheduler
/// feeds it reports and asks whether it is over.
///
/// The cap is two worker heartbeat timeouts: a worker that cannot reach an executor for one
/// timeout kills its tries, so after the cap nothing dispatched before the crash still runs
/// on a worker that did not come back.
public struct RecoveryGrace: Sendable, Hashable {
    /// When the grace ends even if some awaited worker never reported.
    public let deadline: Date
    /// Workers connected before the crash that have not reported yet.
    public private(set) var missing: Set<String>
    /// Workers that re-registered and reported since the restart.
    public private(set) var returned: Set<String> = []
    /// Workers known not to come back, without waiting: their process is gone (a worker on
    /// this host whose pid no longer runs, such as the workers a killed `standalone` spawned).
    public let knownGone: Set<String>

    /// A grace awaiting `workers` (the store's connected workers, and the worker ids of
    /// rows left running), capped at `start + cap` seconds. Workers in `knownGone` are not
    /// awaited: they count as gone from the start.
    public init(awaiting workers: Set<String>, knownGone: Set<String> = [], start: Date, cap: TimeInterval) {
        missing = workers.subtracting(knownGone)
        self.knownGone = knownGone
        deadline = start.addingTimeInterval(cap)
    }

    /// Also waits for `workerId` (the worker a stored `running` row names), unless it
    /// has reported already or is known to be gone.
    public mutating func expect(workerId: String) {
        if !returned.contains(workerId), !knownGone.contains(workerId) { missing.insert(workerId) }
    }

    /// Whether `workerId` will not report: known gone, or still missing at the cap.
    public func isGone(_ workerId: String, at now: Date) -> Bool {
        knownGone.contains(workerId) || (now >= deadline && missing.contains(workerId))
    }

    /// Whether some worker that was connected before the crash will not report (known gone,
    /// or missing at the cap): a queued try may have started on it.
    public func someWorkerGone(at now: Date) -> Bool {
        !knownGone.isEmpty || (now >= deadline && !missing.isEmpty)
    }

    /// A worker re-registered and its first heartbeat listed its running tries.
    public mutating func reported(workerId: String) {
        missing.remove(workerId)
        returned.insert(workerId)
    }

    /// Whether the wait is over at `now`: every awaited worker reported, or the cap passed.
    public func isOver(at now: Date) -> Bool { missing.isEmpty || now >= deadline }
}
