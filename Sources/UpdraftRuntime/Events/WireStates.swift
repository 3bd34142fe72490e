import UpdraftCore
import UpdraftProtocol

extension TaskInstanceState {
    /// The wire enum for this state (`none` travels as `TASK_STATE_NO_STATUS`).
    public var wire: WireTaskState {
        switch self {
        case .none: .noStatus
        case .scheduled: .scheduled
        case .queued: .queued
        case .running: .running
        case .success: .success
        case .failed: .failed
        case .skipped: .skipped
        case .upstreamFailed: .upstreamFailed
        case .upForRetry: .upForRetry
        case .upForReschedule: .upForReschedule
        case .removed: .removed
        case .deferred: .deferred
        }
    }

    /// The state a wire enum stands for; nil for unspecified, restarting and unknown values.
    public init?(wire: WireTaskState) {
        switch wire {
        case .noStatus: self = .none
        case .scheduled: self = .scheduled
        case .queued: self = .queued
        case .running: self = .running
        case .success: self = .success
        case .failed: self = .failed
        case .skipped: self = .skipped
        case .upstreamFailed: self = .upstreamFailed
        case .upForRetry: self = .upForRetry
        case .upForReschedule: self = .upForReschedule
        case .removed: self = .removed
        case .deferred: self = .deferred
        case .unspecified, .restarting, .UNRECOGNIZED: return nil
        }
    }
}

extension DagRunState {
    /// The wire enum for this run state.
    public var wire: WireDagRunState {
        switch self {
        case .queued: .queued
        case .running: .running
        case .success: .success
        case .failed: .failed
        }
    }

    /// The run state a wire enum stands for; nil for unspecified and unknown values.
    public init?(wire: WireDagRunState) {
        switch wire {
        case .queued: self = .queued
        case .running: self = .running
        case .success: self = .success
        case .failed: self = .failed
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}
