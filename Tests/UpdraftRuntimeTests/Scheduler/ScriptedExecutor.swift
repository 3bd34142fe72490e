import Foundation
import UpdraftCore
import UpdraftProtocol
@testable import UpdraftRuntime

/// A ``WorkDispatching`` that records what it is given; the test plays the workers by
/// sending events (``start(_:)``, ``finish(_:state:xcom:)``).
actor ScriptedExecutor: WorkDispatching {
    nonisolated let events: AsyncStream<ExecutorEvent>
    private nonisolated let continuation: AsyncStream<ExecutorEvent>.Continuation
    let log: OrderLog
    private(set) var submitted: [TaskWork] = []
    private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
    /// What `runningKeys()` answers (recovery tests).
    var running: [WireTaskInstanceKey] = []

    init(log: OrderLog) {
        self.log = log
        (events, continuation) = AsyncStream<ExecutorEvent>.makeStream()
    }

    func submit(_ work: [TaskWork]) {
        submitted += work
        log.append(.submit(work.map { $0.dispatch.key.instanceID }))
        let count = submitted.count
        waiters.removeAll { w in
            if count >= w.0 { w.1.resume(); return true }
            return false
        }
    }

    func cancel(_ key: WireTaskInstanceKey, reason: String) {}
    func queuedCounts() -> [String: Int] { [:] }
    func runningKeys() -> [WireTaskInstanceKey] { running }
    func setRunning(_ keys: [WireTaskInstanceKey]) { running = keys }
    /// Worker ids the scheduler confirmed (their joins are durable), in order.
    private(set) var confirmed: [String] = []
    func confirmWorkers(_ workerIds: [String]) { confirmed += workerIds }

    /// Sends `event` to the scheduler as the executor would (joins, reports, departures).
    nonisolated func emit(_ event: ExecutorEvent) { continuation.yield(event) }

    /// Waits until at least `count` tries were submitted in all.
    func waitForSubmitted(_ count: Int) async {
        if submitted.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    /// The dispatch submitted for `taskId` (the latest one).
    func dispatch(of taskId: String, mapIndex: Int = -1) -> WireTaskDispatch? {
        submitted.last { $0.dispatch.key.taskID == taskId && Int($0.dispatch.key.mapIndex) == mapIndex }?.dispatch
    }

    nonisolated func start(_ d: WireTaskDispatch, worker: String = "w1") {
        var s = WireTaskStarted()
        s.key = d.key
        s.workerID = worker
        s.hostname = "host-\(worker)"
        s.pid = 4242
        s.startedAtUnixUs = Int64(Date().timeIntervalSince1970 * 1_000_000)
        continuation.yield(.started(s))
    }

    nonisolated func finish(_ d: WireTaskDispatch, state: WireTaskState = .success, xcom: String? = nil,
                            error: String = "", chosen: [String] = []) {
        var f = WireTaskFinished()
        f.key = d.key
        f.state = state
        f.errorMessage = error
        f.chosenTaskIds = chosen
        f.durationUs = 1000
        f.endedAtUnixUs = Int64(Date().timeIntervalSince1970 * 1_000_000)
        if let xcom {
            var x = WireXComValue()
            x.taskID = d.key.taskID
            x.key = "return_value"
            x.mapIndex = d.key.mapIndex
            x.json = Data(xcom.utf8)
            f.xcomOutputs = [x]
        }
        continuation.yield(.finished(f))
    }

    nonisolated func log(_ d: WireTaskDispatch, _ text: String) {
        var c = WireTaskLogChunk()
        c.key = d.key
        c.stream = .stdout
        c.data = Data(text.utf8)
        continuation.yield(.log(c))
    }

    /// Starts then finishes `d` (a worker running it at once).
    nonisolated func run(_ d: WireTaskDispatch, state: WireTaskState = .success, xcom: String? = nil,
                         error: String = "", chosen: [String] = []) {
        start(d)
        finish(d, state: state, xcom: xcom, error: error, chosen: chosen)
    }
}
