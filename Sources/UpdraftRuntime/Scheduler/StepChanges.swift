import Foundation
import UpdraftCore
import UpdraftProtocol
import UpdraftStore

/// Everything one scheduler step decided, applied in this order: commit ``batch`` (one
/// transaction), then hand ``work`` to the executor, then publish ``events``, then resume
/// the callers waiting on finished runs. Nothing leaves the scheduler before the state it
/// depends on is durable.
struct StepChanges {
    /// Task instances changed in this step, latest version by id (written once each).
    var instances: [TaskInstanceID: TaskInstanceRecord] = [:]
    /// DAG runs changed in this step, by key.
    var runs: [RunKey: DagRunRecord] = [:]
    /// XCom values pushed in this step.
    var xcoms: [XComRecord] = []
    /// Task instances whose old XCom values go (a new try).
    var clearXComsOf: [TaskInstanceID] = []
    /// State change events, in the order the changes happened.
    var events: [WireStateChangeEvent] = []
    /// Tries to submit after the commit.
    var work: [TaskWork] = []
    /// Runs that finished in this step, with their final state.
    var finishedRuns: [(RunKey, DagRunState)] = []
    /// Console lines (standalone mode), printed after the commit.
    var consoleLines: [String] = []
    /// Workers that joined (a row) or left (nil), the last change per worker id.
    var workers: [String: ConnectedWorkerRecord?] = [:]
    /// A worker reported its running tries: the recovery in progress is reviewed.
    var recoveryReports = false
    /// Callback notifications, handed to the notifier dispatcher after the commit.
    var notifications: [PendingNotification] = []

    /// The store batch of this step.
    var batch: StoreBatch {
        var b = StoreBatch()
        b.dagRuns = Array(runs.values)
        b.taskInstances = Array(instances.values)
        b.xcoms = xcoms
        b.clearXComsOf = clearXComsOf
        for (id, row) in workers.sorted(by: { $0.key < $1.key }) {
            if let row { b.workersJoined.append(row) } else { b.workersLeft.append(id) }
        }
        return b
    }

    /// True when nothing is to be written, published or submitted.
    var isEmpty: Bool {
        instances.isEmpty && runs.isEmpty && xcoms.isEmpty && clearXComsOf.isEmpty && events.isEmpty
            && work.isEmpty && finishedRuns.isEmpty && workers.isEmpty && notifications.isEmpty
    }
}

/// A DAG run's identity.
struct RunKey: Hashable, Sendable, CustomStringConvertible {
    var dagId: String
    var runId: String

    init(_ dagId: String, _ runId: String) {
        self.dagId = dagId
        self.runId = runId
    }

    init(_ id: TaskInstanceID) { self.init(id.dagId, id.runId) }

    var description: String { "\(dagId)/\(runId)" }
}

extension WireStateChangeEvent {
    /// A task-instance state change.
    static func task(
        _ id: TaskInstanceID, tryNumber: Int, from old: TaskInstanceState?, to new: TaskInstanceState,
        logicalDate: Date, at now: Date
    ) -> WireStateChangeEvent {
        var e = WireStateChangeEvent()
        e.entity = .taskInstance
        e.dagID = id.dagId
        e.runID = id.runId
        e.taskID = id.taskId
        e.mapIndex = Int32(clamping: id.mapIndex)
        e.tryNumber = UInt32(clamping: max(0, tryNumber))
        e.oldTaskState = old?.wire ?? .unspecified
        e.newTaskState = new.wire
        e.logicalDateUnixUs = microseconds(logicalDate)
        e.timestampUnixUs = microseconds(now)
        return e
    }

    /// A DAG-run state change.
    static func run(
        dagId: String, runId: String, from old: DagRunState?, to new: DagRunState, logicalDate: Date, at now: Date
    ) -> WireStateChangeEvent {
        var e = WireStateChangeEvent()
        e.entity = .dagRun
        e.dagID = dagId
        e.runID = runId
        e.oldRunState = old?.wire ?? .unspecified
        e.newRunState = new.wire
        e.logicalDateUnixUs = microseconds(logicalDate)
        e.timestampUnixUs = microseconds(now)
        return e
    }
}

/// Microseconds since 1970 of `date`.
func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

/// The date `us` microseconds after 1970; nil for 0 (unset on the wire).
func date(microseconds us: Int64) -> Date? { us == 0 ? nil : Date(timeIntervalSince1970: Double(us) / 1_000_000) }
