import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire

/// Runs sensor tries inside the scheduler process, never in a worker or pool slot.
///
/// The scheduler hands it ``SensorWork`` (``start(_:)``) and gets ``SensorEvent``s back
/// through `emit`: `waiting` (the instance shows `up_for_reschedule`, Airflow's
/// reschedule-mode state, with its next check time in `next_try_at`) and `finished`.
///
/// - **Poke sensors** (`file`, `time_delta`, `command`): one task per try, sleeping with
///   `Task.sleep` between pokes (``PokeSchedule``: poke_interval, exponential_backoff,
///   max_wait, timeout). A `time_delta` sensor also wakes exactly at its target time.
/// - **`external_task` sensors** are subscriptions, not pokers: each registers for events of
///   the other DAG, *then* reads the watched run's state from the store (events that arrive
///   meanwhile are held and applied after the snapshot, so nothing is missed, also after a
///   restart or when the upstream finished long ago), then decides on every event
///   (``ExternalTaskCheck``). A failed state ends the sensor at once. The only timer is the
///   timeout. Events of this deployment come from the ``EventPublisher``'s in-process
///   listener (lossless, no socket); a sensor naming another deployment's `endpoint`
///   subscribes to it over ZeroMQ (``RemoteEventFeed``): that deployment's store is not
///   reachable, so its initial state is not read: the sensor sees what happens after it
///   subscribed (see the README's Sensors section).
///
/// Starting work for an instance that already has work replaces it (a cleared sensor gets a
/// new try). Events of an old try may still arrive: the scheduler drops events whose try
/// number is not the instance's.
public actor SensorRuntime {
    /// Where events go (the scheduler's input queue).
    public typealias Emit = @Sendable (SensorEvent) -> Void

    let store: any MetaStore
    let localEvents: EventPublisher?
    let emit: Emit
    let logger: Logger

    /// Poke tasks by instance.
    var pokers: [TaskInstanceID: (tryNumber: Int, task: Task<Void, Never>)] = [:]
    /// External-task watches by instance.
    var watches: [TaskInstanceID: ExternalWatch] = [:]
    /// Watching instances by (endpoint, DAG id): the routing table of events.
    var watchers: [FeedKey: Set<TaskInstanceID>] = [:]
    var localFeed: Task<Void, Never>?
    var localFeedReady: Task<Void, Never>?
    /// Subscriptions to other deployments' event buses, by endpoint (opening or open).
    var remoteFeeds: [String: Task<RemoteEventFeed, any Error>] = [:]
    var stopped = false
    /// `server_key` files of remote buses, by endpoint (from the sensors that name them).
    var remoteServerKeys: [String: String] = [:]
    /// The key pair this deployment presents to remote CURVE buses (its home's client key).
    let clientKeys: CurveKeyPair?
    /// What pokes, waits and timeouts read and sleep on (the scheduler's clock).
    let clock: any RuntimeClock

    /// One external-task sensor try.
    struct ExternalWatch {
        var work: SensorWork
        var check: ExternalTaskCheck
        /// True until the store snapshot is applied; events wait in `held` meanwhile.
        var loading = true
        var held: [WireStateChangeEvent] = []
        var timeoutTask: Task<Void, Never>?
        var key: FeedKey
    }

    /// Events of one DAG from one deployment (endpoint nil: this one).
    struct FeedKey: Hashable {
        var endpoint: String?
        var dagId: String
    }

    /// A runtime reading this deployment's state from `store` and its events from `events`.
    ///
    /// - Parameter emit: called for every waiting/finished decision, from any thread; it
    ///   must not block (the scheduler queues it as an input).
    /// `clientKeys`: what this deployment presents to a remote bus whose sensors give a `server_key`.
    /// `clock`: what pokes, waits and timeouts read and sleep on (the scheduler's).
    public init(store: any MetaStore, events: EventPublisher?, logger: Logger, clientKeys: CurveKeyPair? = nil,
                clock: any RuntimeClock = SystemClock(), emit: @escaping Emit) {
        self.clock = clock
        self.clientKeys = clientKeys
        self.store = store
        self.localEvents = events
        self.logger = logger
        self.emit = emit
    }

    /// Starts (or restarts) each sensor try.
    public func start(_ works: [SensorWork]) async {
        for work in works where !stopped {
            cancel(work.id)
            switch work.spec.kind {
            case .externalTask(let target):
                await watch(work, target: target)
            case .file, .timeDelta, .command:
                startPoker(work)
            }
        }
    }

    /// Stops the try of `id` (cleared, run finished): no more events for it.
    public func cancel(_ id: TaskInstanceID) {
        if let poker = pokers.removeValue(forKey: id) { poker.task.cancel() }
        if let watch = watches.removeValue(forKey: id) {
            watch.timeoutTask?.cancel()
            watchers[watch.key]?.remove(id)
            if watchers[watch.key]?.isEmpty == true { watchers[watch.key] = nil }
        }
    }

    /// Stops every try of the run `dagId`/`runId`.
    public func cancelRun(dagId: String, runId: String) {
        let ids = pokers.keys.filter { $0.dagId == dagId && $0.runId == runId }
            + watches.keys.filter { $0.dagId == dagId && $0.runId == runId }
        for id in ids { cancel(id) }
    }

    /// Sensor tries in progress (poking or subscribed).
    public var activeCount: Int { pokers.count + watches.count }

    /// Ids of the sensor tries in progress, sorted.
    public var activeIds: [TaskInstanceID] { (Array(pokers.keys) + Array(watches.keys)).sorted() }

    /// Cancels everything and closes the remote subscriptions.
    public func stop() async {
        stopped = true
        for id in Array(pokers.keys) + Array(watches.keys) { cancel(id) }
        localFeed?.cancel()
        localFeed = nil
        for opening in remoteFeeds.values { await (try? opening.value)?.close() }
        remoteFeeds = [:]
    }

    // MARK: poke sensors

    private func startPoker(_ work: SensorWork) {
        let emit = self.emit
        let clock = self.clock
        // Unstructured: one poke loop per sensor try, cancelled when the try ends or at stop().
        let task = Task { [weak self] in
            await Self.poke(work, clock: clock, emit: emit)
            await self?.pokerEnded(work.id, tryNumber: work.tryNumber)
        }
        pokers[work.id] = (work.tryNumber, task)
    }

    private func pokerEnded(_ id: TaskInstanceID, tryNumber: Int) {
        if pokers[id]?.tryNumber == tryNumber { pokers[id] = nil }
    }

    /// The poke loop of one try: poke, then finish or sleep on `clock` until the next poke.
    static func poke(_ work: SensorWork, clock: any RuntimeClock, emit: Emit) async {
        let schedule = PokeSchedule(spec: work.spec, firstPokeAt: work.firstPokeAt,
                                    jitterKey: "\(work.id.dagId)#\(work.id.taskId)#\(work.id.runId)#\(work.id.mapIndex)")
        var pokes = 0
        while !Task.isCancelled {
            pokes += 1
            let outcome: PokeChecks.Outcome
            switch work.spec.kind {
            case .file(let path): outcome = await PokeChecks.fileExists(path)
            case .timeDelta(let delta): outcome = PokeChecks.timeReached(dataIntervalEnd: work.dataIntervalEnd, delta: delta, now: clock.date)
            case .command(let command): outcome = await PokeChecks.command(command, environment: ProcessInfo.processInfo.environment, cwd: nil)
            case .externalTask: return
            }
            guard !Task.isCancelled else { return }
            let now = clock.date
            switch outcome {
            case .met:
                emit(.finished(work.id, tryNumber: work.tryNumber, state: .success, error: nil, retryable: false))
                return
            case .error(let message):
                emit(.finished(work.id, tryNumber: work.tryNumber, state: .failed, error: message, retryable: true))
                return
            case .notMet:
                break
            }
            guard var delay = schedule.nextDelay(afterPoke: pokes, now: now) else {
                emit(timedOut(work, now: now))
                return
            }
            if case .timeDelta(let delta) = work.spec.kind {
                let target = work.dataIntervalEnd.addingTimeInterval(TimeInterval(delta.seconds))
                delay = max(0, min(delay, target.timeIntervalSince(now)))
            }
            emit(.waiting(work.id, tryNumber: work.tryNumber, nextCheckAt: now.addingTimeInterval(delay)))
            do { try await clock.sleep(for: .milliseconds(Int64((delay * 1000).rounded(.up)))) } catch { return }
        }
    }

    /// The timeout of a try: failed (no retry, as Airflow's `AirflowSensorTimeout`), or
    /// skipped with `soft_fail`.
    static func timedOut(_ work: SensorWork, now: Date) -> SensorEvent {
        let ran = Int(now.timeIntervalSince(work.firstPokeAt).rounded())
        let message = "sensor timed out: waited \(ran) s, timeout is \(work.spec.timeout.seconds) s"
            + (work.spec.softFail ? " (soft_fail: skipped)" : "")
        return .finished(work.id, tryNumber: work.tryNumber, state: work.spec.softFail ? .skipped : .failed,
                         error: message, retryable: false)
    }
}
