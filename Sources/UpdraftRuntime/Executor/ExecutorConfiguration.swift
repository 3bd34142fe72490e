import UpdraftProtocol
import UpdraftWire

/// Settings of a ``WorkerExecutor``.
///
/// ```swift
/// var configuration = ExecutorConfiguration()
/// configuration.heartbeat = .init(intervalMs: 500, timeoutMs: 2_500)
/// let executor = WorkerExecutor(loop: loop, configuration: configuration, logger: logger)
/// ```
public struct ExecutorConfiguration: Sendable {
    /// Heartbeat interval and timeout, announced to every worker in its welcome. A worker
    /// silent for `timeoutMs` is declared lost and its running tries are reported failed.
    public var heartbeat: VersionNegotiation.Heartbeat = .init(intervalMs: 1000, timeoutMs: 5000)
    /// The executor's id, sent in welcomes and heartbeats.
    public var executorID = "updraft-executor"
    /// The queue of a dispatch whose `queue` field is empty.
    public var defaultQueue = "default"
    /// A dispatched try that is missing from this many consecutive heartbeats of its worker
    /// (and was dispatched at least two intervals ago) is declared lost in transit and
    /// reported failed. 0 turns the check off.
    public var missedHeartbeatsBeforeLost = 2
    /// A dispatched try its worker has neither started nor listed in a heartbeat is
    /// declared lost in transit only this long after its dispatch (and once missing from
    /// `missedHeartbeatsBeforeLost` heartbeats). Defaults to the heartbeat timeout when nil.
    public var unacknowledgedDispatchTimeout: Duration?
    /// How long the key of a try reported failed because its worker was lost stays fenced:
    /// a worker that reports it later (it came back) is told to cancel it instead of it
    /// being adopted. Defaults to three heartbeat timeouts when nil.
    public var fenceDuration: Duration?
    /// When true, a newly registered worker gets no try until ``WorkerExecutor/confirmWorkers(_:)``
    /// names it: the scheduler confirms once the store lists the worker, so after a crash the
    /// store knows every worker that may run a try (the recovery grace waits for exactly
    /// those). Tries a worker reports running are adopted either way.
    public var dispatchOnlyToConfirmedWorkers = false
    /// The clock of heartbeats, timeouts, holds and fences (a ``ManualClock`` in tests).
    /// A drain at shutdown waits in real time whatever this is.
    public var clock: any RuntimeClock = SystemClock()

    /// Default settings: heartbeat every 1 s, lost after 5 s of silence.
    /// CURVE server settings of the ROUTER's tcp:// and ipc:// endpoints (nil: plain). A
    /// ``ZAPHandler`` must run in the loop's context before ``WorkerExecutor/bind(_:)``.
    public var curve: CurveSecurity?
    /// What each CURVE key may serve, by its ZAP `User-Id` (``ClientAccessList``); nil: every
    /// connected key serves every queue. Peers without a `User-Id` (`inproc://`, plaintext)
    /// serve every queue either way.
    public var access: (any WorkerAccess)?

    public init() {}

    /// What is wrong with these settings, one sentence each naming the field (empty when
    /// they are usable). ``WorkerExecutor/bind(_:)`` refuses settings with problems.
    public var problems: [String] {
        var problems: [String] = []
        if heartbeat.intervalMs < 1 { problems.append("heartbeat.intervalMs is 0, expected 1 or more") }
        if heartbeat.timeoutMs <= heartbeat.intervalMs {
            problems.append(
                "heartbeat.timeoutMs \(heartbeat.timeoutMs) is not above heartbeat.intervalMs \(heartbeat.intervalMs)")
        }
        if executorID.isEmpty { problems.append("executorID is empty") }
        if defaultQueue.isEmpty { problems.append("defaultQueue is empty") }
        if missedHeartbeatsBeforeLost < 0 {
            problems.append("missedHeartbeatsBeforeLost is \(missedHeartbeatsBeforeLost), expected 0 or more")
        }
        return problems
    }

    /// Heartbeat interval as a `Duration`.
    var interval: Duration { .milliseconds(Int(heartbeat.intervalMs)) }
    /// Heartbeat timeout as a `Duration`.
    var timeout: Duration { .milliseconds(Int(heartbeat.timeoutMs)) }
    /// How long a dispatch may go unacknowledged before heartbeats that omit it count.
    var effectiveUnacknowledgedDispatchTimeout: Duration { unacknowledgedDispatchTimeout ?? timeout }
    /// How long lost tries stay fenced.
    var effectiveFenceDuration: Duration { fenceDuration ?? timeout * 3 }

    /// The timeout in seconds with one decimal ("5.0"), for loss messages.
    var timeoutText: String {
        let tenths = (Int(heartbeat.timeoutMs) + 50) / 100
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// Settings a ``WorkerExecutor`` cannot run with.
public struct ExecutorConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Each problem, naming its field.
    public var problems: [String]

    /// An error listing `problems`.
    public init(problems: [String]) { self.problems = problems }

    /// "invalid executor configuration: PROBLEM; PROBLEM".
    public var description: String { "invalid executor configuration: " + problems.joined(separator: "; ") }
}
