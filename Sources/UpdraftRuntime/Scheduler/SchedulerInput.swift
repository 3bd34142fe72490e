import Synchronization
import UpdraftStore

/// What wakes the scheduler's loop. Inputs are queued from anywhere (the executor's event
/// reader, timers, API calls) and drained by the loop in batches, so one step handles
/// every event that arrived while the previous step was committing (group commit).
enum SchedulerInput: Sendable {
    /// Events from the executor.
    case executor(ExecutorEvent)
    /// A timer fired (cron tick, retry due, recovery grace over).
    case timer
    /// The store's external change token moved (CLI trigger, clear, pause, pools, variables).
    case externalChange
    /// A run was created through ``Scheduler/trigger(dagId:conf:logicalDate:runType:)``.
    case runCreated(DagRunRecord)
    /// The DAG folder was parsed again.
    case dagsLoaded(DagProvider.Loaded)
    /// A sensor try is waiting or finished (``SensorRuntime``).
    case sensor(SensorEvent)
}

/// A queue of ``SchedulerInput``s with a wake-up signal that coalesces: many pushes while
/// the loop is busy cause one wake-up, and the loop then drains them all.
final class SchedulerInputQueue: Sendable {
    private let items = Mutex<[SchedulerInput]>([])
    private let continuation: AsyncStream<Void>.Continuation
    /// One element per wake-up (coalesced).
    let wakeups: AsyncStream<Void>

    init() {
        (wakeups, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues `input` and wakes the loop.
    func push(_ input: SchedulerInput) {
        items.withLock { $0.append(input) }
        continuation.yield()
    }

    /// Everything queued so far, in order.
    func drain() -> [SchedulerInput] {
        items.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }

    /// Ends the wake-up stream: the loop stops after its current step.
    func finish() { continuation.finish() }
}
