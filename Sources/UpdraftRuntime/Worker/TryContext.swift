import Foundation
import UpdraftProtocol

/// What a task runner needs besides the dispatch: the worker's settings, the stop
/// control of this try, and how to send messages (task_started, log chunks) upstream.
struct TryContext: Sendable {
    /// The dispatch being run.
    var dispatch: WireTaskDispatch
    /// The worker's configuration (environment, scratch folder, log chunking, kill grace).
    var configuration: WorkerConfiguration
    /// How the try is stopped early.
    var control: TryControl
    /// Sends messages to the executor, in order.
    var emit: @Sendable ([UpdraftMessage]) async -> Void

    /// The inline XCom limit of this dispatch (its value, or 64 KiB when 0).
    var maxInlineXComBytes: Int {
        dispatch.maxInlineXcomBytes == 0 ? ProtocolLimits.maxInlineXComBytes : Int(dispatch.maxInlineXcomBytes)
    }

    /// Reports a try that could not start as started (pid 0) and failed, so that every
    /// accepted dispatch gives `task_started` then `task_finished`.
    func failedBeforeStart(_ message: String) async -> TryOutcome {
        await emit([started(pid: 0, at: configuration.clock.date)])
        return .failed(message)
    }

    /// `task_started` for this try.
    func started(pid: UInt32, at date: Date) -> UpdraftMessage {
        .taskStarted(.with {
            $0.key = dispatch.key
            $0.pid = pid
            $0.hostname = HostIdentity.hostname
            $0.startedAtUnixUs = date.unixMicros
            $0.workerID = configuration.workerId
        })
    }
}
