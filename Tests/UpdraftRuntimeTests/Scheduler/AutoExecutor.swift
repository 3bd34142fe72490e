import Foundation
import UpdraftCore
import UpdraftProtocol
@testable import UpdraftRuntime

/// A ``WorkDispatching`` whose every try succeeds at once (started + finished, with
/// `return_value` = the task id as a JSON string): drives whole runs without workers.
actor AutoExecutor: WorkDispatching {
    nonisolated let events: AsyncStream<ExecutorEvent>
    private nonisolated let continuation: AsyncStream<ExecutorEvent>.Continuation
    private(set) var submittedCount = 0

    init() { (events, continuation) = AsyncStream<ExecutorEvent>.makeStream() }

    func submit(_ work: [TaskWork]) {
        submittedCount += work.count
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        for w in work {
            var s = WireTaskStarted()
            s.key = w.dispatch.key
            s.workerID = "auto"
            s.startedAtUnixUs = now
            continuation.yield(.started(s))
            var f = WireTaskFinished()
            f.key = w.dispatch.key
            f.state = .success
            f.endedAtUnixUs = now
            var x = WireXComValue()
            x.taskID = w.dispatch.key.taskID
            x.key = "return_value"
            x.mapIndex = w.dispatch.key.mapIndex
            x.json = Data("\"\(w.dispatch.key.taskID)\"".utf8)
            f.xcomOutputs = [x]
            continuation.yield(.finished(f))
        }
    }

    func cancel(_ key: WireTaskInstanceKey, reason: String) {}
    func queuedCounts() -> [String: Int] { [:] }
    func runningKeys() -> [WireTaskInstanceKey] { [] }
}
