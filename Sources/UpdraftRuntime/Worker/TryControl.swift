import Synchronization

/// Why a running try is being stopped before it ends on its own.
enum TryStopReason: Sendable, Hashable {
    /// `task_cancel`, `worker_shutdown`, a drain timeout or a forced stop; the reason text.
    case cancelled(String)
    /// `execution_timeout_ms` ran out.
    case timedOut(milliseconds: UInt64)
    /// The executor went silent: the try is killed and its result dropped.
    case executorLost

    /// The try's error message; `processGroup` says whether a process group was killed.
    func message(processGroup: Bool) -> String {
        switch self {
        case .cancelled(let reason): return "cancelled: \(reason)"
        case .timedOut(let milliseconds):
            let seconds = milliseconds % 1000 == 0
                ? String(milliseconds / 1000) : String(Double(milliseconds) / 1000)
            return "execution_timeout (\(seconds)s) exceeded: " + (processGroup ? "killed process group" : "cancelled the Swift task")
        case .executorLost: return "executor lost: try killed, result dropped"
        }
    }
}

/// Shared between the worker and one running try: the first stop reason wins, and the
/// runner's handler (kill the process group, cancel the closure) runs once, at once if
/// the stop came before the handler was installed.
final class TryControl: Sendable {
    private struct State {
        var reason: TryStopReason?
        var handler: (@Sendable (TryStopReason) -> Void)?
    }
    private let state = Mutex(State())

    /// The reason the try was stopped, if it was.
    var reason: TryStopReason? { state.withLock { $0.reason } }

    /// Stops the try for `reason` unless it was already stopped.
    func stop(_ reason: TryStopReason) {
        let handler = state.withLock { state -> (@Sendable (TryStopReason) -> Void)? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            return state.handler
        }
        handler?(reason)
    }

    /// Installs what stopping does; runs it now when the try is already stopped.
    func onStop(_ handler: @escaping @Sendable (TryStopReason) -> Void) {
        let already = state.withLock { state -> TryStopReason? in
            state.handler = handler
            return state.reason
        }
        if let already { handler(already) }
    }

    /// Stops the try with `.timedOut` after `milliseconds` (0 = never); cancel the returned task when the try ends.
    func armTimeout(milliseconds: UInt64) -> Task<Void, Never>? {
        guard milliseconds > 0 else { return nil }
        // Unstructured: the try's timeout, cancelled by the caller when the try ends.
        return Task { [self] in
            guard (try? await Task.sleep(for: .milliseconds(Int64(clamping: milliseconds)))) != nil else { return }
            stop(.timedOut(milliseconds: milliseconds))
        }
    }
}
