import Foundation
import UpdraftProtocol

/// How one try ended, before it becomes a `task_finished`.
struct TryOutcome: Sendable, Hashable {
    var state: WireTaskState
    var errorMessage = ""
    var exitCode: Int32?
    var xcomOutputs: [WireXComValue] = []
    var chosenTaskIds: [String] = []

    /// Success, with what the task returned.
    static func success(xcom: [WireXComValue] = [], chosen: [String] = [], exitCode: Int32? = nil) -> TryOutcome {
        TryOutcome(state: .success, exitCode: exitCode, xcomOutputs: xcom, chosenTaskIds: chosen)
    }

    /// Failed, saying why.
    static func failed(_ message: String, exitCode: Int32? = nil) -> TryOutcome {
        TryOutcome(state: .failed, errorMessage: message, exitCode: exitCode)
    }

    /// The `task_finished` message for `key`, started at `startedAt` and ended at `endedAt`
    /// (the worker's clock, ``WorkerConfiguration/clock``).
    func finished(key: WireTaskInstanceKey, startedAt: Date, endedAt: Date) -> WireTaskFinished {
        WireTaskFinished.with {
            $0.key = key
            $0.state = state
            $0.errorMessage = errorMessage
            if let exitCode { $0.exitCode = exitCode }
            $0.xcomOutputs = xcomOutputs
            $0.chosenTaskIds = chosenTaskIds
            $0.durationUs = UInt64(max(0, endedAt.timeIntervalSince(startedAt) * 1_000_000))
            $0.endedAtUnixUs = endedAt.unixMicros
        }
    }
}

extension Date {
    /// Microseconds since the Unix epoch (the wire's `*_unix_us`).
    var unixMicros: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
}
