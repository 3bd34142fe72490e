import Foundation
import UpdraftWire

/// Settings of the ``Scheduler``. The defaults suit `updraft standalone`.
public struct SchedulerConfiguration: Sendable {
    /// How often the store's external change token is read (CLI triggers, clears, pauses,
    /// pools). Default 100 ms.
    public var externalChangePoll: Duration = .milliseconds(100)
    /// How often the DAG folder's file modification times are checked. Default 5 s.
    public var dagFolderPoll: Duration = .seconds(5)
    /// After a restart, the longest that queued/running task instances found in the store
    /// wait for the workers the store lists to re-register and report (the wait ends as soon
    /// as all have: ``RecoveryGrace``) before they are re-submitted (queued) or failed as lost
    /// (running). Twice the worker heartbeat timeout (2 × 5 s) by default.
    public var recoveryGrace: Duration = .seconds(10)
    /// The previous scheduler process of this home stopped cleanly after its executor drained
    /// every worker with nothing left running (``StandaloneRuntime`` reads its marker file).
    /// Then the task instances found `queued` at start were never dispatched anywhere and are
    /// re-submitted at once; any found `running` still wait for the workers their rows name.
    public var previousStopWasClean = false
    /// The key pair `external_task` sensors present to another deployment's CURVE event bus
    /// (their `server_key`); ``StandaloneRuntime`` sets the home's client pair.
    public var curveClientKeys: CurveKeyPair?
    /// Largest XCom value a task may return inline (bytes); `max_inline_xcom_bytes`.
    public var maxInlineXComBytes: Int = 65_536
    /// Age after which finished runs and their logs are deleted (``Retention``); nil = never.
    public var retentionMaxAge: TimeInterval? = 30 * 24 * 3600
    /// How often retention runs (also once at start).
    public var retentionInterval: Duration = .seconds(3600)
    /// Most scheduled runs created per DAG in one pass (catchup creates the rest next pass).
    public var maxRunsCreatedPerPass: Int = 64
    /// Print one line per DAG-run state change and per failed / up_for_retry try on stdout.
    public var console: Bool = false
    /// Callback delivery: timeout, attempts, concurrency, the API's base URL for links.
    public var notifications = NotifierSettings()
    /// Where the scheduler reads the time (each step's `now`: retry delays, cron ticks,
    /// recovery grace, dates in rows) and sleeps until its next timer; the system clock
    /// by default, a ``ManualClock`` in tests. The store and DAG-folder polls and
    /// retention's interval stay on real time (they watch things outside the process).
    public var clock: any RuntimeClock = SystemClock()

    /// The defaults.
    public init() {}
}
