#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ
import Foundation
import Synchronization

/// A dedicated thread that polls ZeroMQ sockets and is itself the `SerialExecutor` and
/// `TaskExecutor` of the thin actors (`WirePort`) that own those sockets ("design B" of
/// the messaging lab).
///
/// Design note:
/// - The thread alternates between running enqueued jobs and one `zmq_poll` over the
///   sockets of its ports plus an eventfd. Other threads enqueue jobs and write the
///   eventfd (only when the queue was empty) to wake the poll; jobs enqueued from the loop
///   thread itself need no wake-up.
/// - Port code runs on this thread between polls, so sockets are plain isolated state.
///   Inbound messages are handed to the port synchronously (`assumeIsolated`), decoded,
///   and delivered to its `WireInbox` in one batch per poll (one consumer wake-up per batch).
/// - Sends use `ZMQ_DONTWAIT`; on EAGAIN the message stays in the port's queue (one per
///   ROUTER peer, order kept per peer) and the loop polls `ZMQ_POLLOUT` for it, so one slow
///   peer never stalls the other sockets or the other peers. When POLLOUT fires but nothing
///   can move, the port backs off for 1 ms instead of spinning.
/// - When a port's inbox is full the loop stops polling `ZMQ_POLLIN` on that socket until
///   the consumer drains it, so libzmq's high-water marks push back on the senders.
/// - Await replies (`WirePort.request`) under `withTaskExecutorPreference(loop)` so the
///   resumed task stays on this thread (lab: 14 us instead of 33 us inproc). Keep port
///   work thin; hand heavy work to ordinary actors.
/// - `shutdown()` closes every port (linger 0 unless configured) and ends the thread.
///   Call it when done: the thread keeps the loop alive until then. Jobs that still
///   arrive afterwards run on a short-lived thread (ports then report `.closed`).
/// - Before it sleeps, the loop polls without blocking for a short spin (50 us by default,
///   `sched_yield` between polls so a busy core goes to the peer thread). Waking a sleeping
///   thread costs 30-40 us on these VMs when the machine is idle, twice per round trip;
///   the spin is spent only right after work, so an idle loop still sleeps.
///
/// `@unchecked Sendable`: the job queue is behind a `Mutex`; `targets` and `pollItems`
/// are touched only on the loop thread (checked by `checkIsolated`).
public final class MessageLoop: SerialExecutor, TaskExecutor, @unchecked Sendable {
    /// A name for logs and the thread.
    public let name: String
    /// The context every port on this loop uses; share it for `inproc://` between loops.
    public let context: ZMQContext

    struct State {
        var queue: [UnownedJob] = []
        var stopping = false
        var finished = false
        var draining = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let state = Mutex(State())
    let wakeFD: Int32
    let threadID = Atomic<UInt>(0)
    var targets: [any LoopPollTarget] = []
    var pollItems: [zmq_pollitem_t] = []
    let counters = Mutex<[PortCounters]>([])
    /// How long the loop keeps polling without blocking after it runs out of work.
    let spinNanos: UInt64

    /// The default spin before the loop blocks: 50 us, or `UPDRAFT_WIRE_SPIN_US` when set.
    public static var defaultSpinMicros: Int {
        ProcessInfo.processInfo.environment["UPDRAFT_WIRE_SPIN_US"].flatMap(Int.init) ?? 50
    }

    /// Starts a loop thread. Pass a shared `context` when ports of several loops talk over `inproc://`.
    /// `spinMicros`: after the last piece of work the loop polls without blocking (yielding
    /// the core between polls) for this long before it sleeps in `zmq_poll`; 0 sleeps at once.
    public init(name: String = "updraft-wire", context: ZMQContext = ZMQContext(), spinMicros: Int = MessageLoop.defaultSpinMicros) {
        self.name = name
        self.context = context
        self.spinNanos = UInt64(max(0, spinMicros)) * 1000
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        precondition(wakeFD >= 0, "eventfd failed: errno \(errno)")
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    deinit { Glibc.close(wakeFD) }

    /// Whether the caller runs on this loop's thread.
    public var isOnLoopThread: Bool { UInt(pthread_self()) == threadID.load(ordering: .acquiring) }

    /// Queues a job for the loop thread; wakes its poll when called from another thread.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let (wake, drain) = state.withLock { state -> (Bool, Bool) in
            let wasEmpty = state.queue.isEmpty
            state.queue.append(job)
            if state.finished {
                defer { state.draining = true }
                return (false, !state.draining)
            }
            return (wasEmpty, false)
        }
        if wake && !isOnLoopThread { signal() }
        if drain { Thread { [self] in runRemainingJobs() }.start() }
    }

    /// Traps unless called on the loop thread (used by `assumeIsolated`).
    public func checkIsolated() {
        precondition(isOnLoopThread, "expected to run on the message loop thread '\(name)'")
    }

    /// This loop as the serial executor of its ports.
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Closes every port on this loop and ends its thread; returns when the thread has ended.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.finished { return true }
                state.stopping = true
                state.exitWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() } else { signal() }
        }
    }

    /// Counters of every port opened on this loop (closed ones included).
    public func statistics() -> [SocketStatistics] {
        counters.withLock { $0 }.map { $0.snapshot() }
    }

    func signal() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    func drainWakeups() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
    }

    /// Adds a port to the poll set; false when the loop is stopping. Loop thread only.
    func register(_ target: any LoopPollTarget) -> Bool {
        checkIsolated()
        if state.withLock({ $0.stopping }) { return false }
        targets.append(target)
        return true
    }

    /// Removes a port from the poll set. Loop thread only.
    func unregister(_ target: any LoopPollTarget) {
        checkIsolated()
        targets.removeAll { $0 === target }
    }
}
