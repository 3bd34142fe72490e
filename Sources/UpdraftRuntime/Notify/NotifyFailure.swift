/// Why a notification was not delivered: a sentence naming the notifier and the cause
/// (masked: it is logged), and whether another attempt may help.
struct NotifyFailure: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    /// false for problems another attempt cannot fix (a template error, an unknown conn_id, an HTTP 4xx).
    var retryable: Bool

    init(_ message: String, retryable: Bool) {
        self.message = message
        self.retryable = retryable
    }

    var description: String { message }
}
