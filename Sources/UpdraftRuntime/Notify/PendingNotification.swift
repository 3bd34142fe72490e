import Foundation
import UpdraftCore

/// One notifier to deliver for one callback event: a value the scheduler builds when it
/// commits the state change, and hands to the ``NotifierDispatcher`` without waiting.
struct PendingNotification: Sendable {
    /// What to send.
    var notifier: NotifierSpec
    /// Why: failure, success, retry, skipped.
    var event: CallbackEvent
    /// The task's (or run's) template context, with ``TemplateContext/notification`` set.
    var context: TemplateContext
    /// Masks secrets in everything sent and logged (the scheduler's at enqueue time).
    var masker: SecretMasker
    /// `dag/run/task` or `dag/run` and the callback key, for logs and errors.
    var label: String
    /// When the state change was decided (the benchmark's start).
    var decidedAt: Date
}
