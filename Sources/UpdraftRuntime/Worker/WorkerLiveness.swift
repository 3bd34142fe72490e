/// The worker's side of liveness as a value: where it stands with the executor on the current
/// connection, when it last heard from it and last sent a heartbeat, and what each tick
/// must do about that. The ``Worker`` actor feeds it the clock's instants and performs the
/// action ``tick(now:)`` returns; nothing here reads a clock or touches a socket, so table
/// tests drive it through welcomes, silences and reconnects in microseconds.
struct WorkerLiveness: Sendable {
    /// Where the worker stands with the executor on the current connection.
    enum Registration: Sendable, Equatable {
        /// Hello sent at `since`, no welcome yet.
        case connecting(since: ContinuousClock.Instant)
        /// Welcomed.
        case registered
    }

    /// What a tick must do.
    enum Action: Sendable, Equatable {
        /// Nothing is due.
        case none
        /// A heartbeat is due (``heartbeatSent(at:)`` once it left).
        case sendHeartbeat
        /// The hello went unanswered for the timeout: connect again.
        case reconnectUnwelcomed
        /// The executor has been silent for the timeout: it has declared this worker lost
        /// and failed its tries, so they are to be killed, then connect again.
        case executorLost
        /// Several endpoints: the executor has been silent for half the timeout, or a hello
        /// went unanswered for half of it: connect to the next endpoint, keeping the running
        /// tries (the executor there adopts them from the first heartbeat). Half: a standby
        /// becomes active within the scheduler lease's term (2.5 s by default, half the
        /// executor's 5 s heartbeat timeout), so the next endpoint is tried long enough for
        /// it to answer before the tries must be killed.
        case failOver
    }

    private(set) var registration: Registration
    private(set) var lastHeard: ContinuousClock.Instant
    private(set) var lastHeartbeatSent: ContinuousClock.Instant
    /// The heartbeat interval (the executor's, once welcomed).
    private(set) var interval: Duration
    /// Silence after which the executor counts as lost (the executor's, once welcomed).
    private(set) var timeout: Duration
    /// Whether there are other endpoints to fail over to.
    let failover: Bool
    /// When the executor that gave this worker its running tries was last heard, while
    /// failing over: they are killed once no executor has welcomed it within the timeout.
    private(set) var triesHeldSince: ContinuousClock.Instant?

    /// Connecting since `now`, with the configured interval and timeout.
    init(interval: Duration, timeout: Duration, now: ContinuousClock.Instant, failover: Bool = false) {
        self.interval = interval
        self.timeout = timeout
        self.failover = failover
        registration = .connecting(since: now)
        lastHeard = now
        lastHeartbeatSent = now
    }

    /// Whether the executor has welcomed this worker on the current connection.
    var isRegistered: Bool { registration == .registered }

    /// How long the tick loop sleeps between two ticks.
    var tickPause: Duration { max(interval / 4, .milliseconds(5)) }

    /// A hello left at `now` (first connection or after a reconnect, or a new hello when the
    /// executor said `not_registered`).
    mutating func helloSent(at now: ContinuousClock.Instant) {
        registration = .connecting(since: now)
    }

    /// Any message from the executor arrived at `now`.
    mutating func heard(at now: ContinuousClock.Instant) {
        lastHeard = now
    }

    /// The welcome arrived: its heartbeat settings (0 = keep ours) apply from now on.
    mutating func welcomed(intervalMs: UInt32, timeoutMs: UInt32) {
        if intervalMs > 0 { interval = .milliseconds(Int64(intervalMs)) }
        if timeoutMs > 0 { timeout = .milliseconds(Int64(timeoutMs)) }
        registration = .registered
        triesHeldSince = nil
    }

    /// A heartbeat left at `now`.
    mutating func heartbeatSent(at now: ContinuousClock.Instant) {
        lastHeartbeatSent = now
    }

    /// What is due at `now`. A reconnect action also marks the connection as connecting
    /// again from `now`.
    mutating func tick(now: ContinuousClock.Instant) -> Action {
        switch registration {
        case .connecting(let since):
            if let held = triesHeldSince, now - held >= timeout {
                triesHeldSince = nil
                registration = .connecting(since: now)
                return .executorLost
            }
            guard now - since >= (failover ? timeout / 2 : timeout) else { return .none }
            registration = .connecting(since: now)
            return failover ? .failOver : .reconnectUnwelcomed
        case .registered:
            if now - lastHeard >= timeout {
                registration = .connecting(since: now)
                return .executorLost
            }
            if failover && now - lastHeard >= timeout / 2 {
                triesHeldSince = lastHeard
                registration = .connecting(since: now)
                return .failOver
            }
            return now - lastHeartbeatSent >= Self.heartbeatPeriod(interval: interval, silentFor: now - lastHeard) ? .sendHeartbeat : .none
        }
    }

    /// Whether sent results may be pruned at `now`: only while the executor answers, so
    /// kept results outlast any outage.
    func mayPruneResults(now: ContinuousClock.Instant) -> Bool {
        isRegistered && now - lastHeard < interval
    }

    /// How long after the last heartbeat the next one leaves: three quarters of the
    /// interval while the executor is heard from (it sends one every interval), a quarter
    /// once it has been silent for more than an interval and a quarter. A restarted
    /// executor answers the first heartbeat it gets with `not_registered`, so probing faster
    /// re-registers this worker within a quarter interval of the executor's return (its
    /// recovery waits for that), instead of up to a whole interval.
    static func heartbeatPeriod(interval: Duration, silentFor silence: Duration) -> Duration {
        silence > interval + interval / 4 ? interval / 4 : interval - interval / 4
    }
}
