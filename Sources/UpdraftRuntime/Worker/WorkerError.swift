/// Why a worker could not start or had to stop: a bad setting, an endpoint it cannot
/// use, or an executor that refused it.
public struct WorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A short name, e.g. `bad_endpoint`.
        public let name: String
        /// A setting is out of range (concurrency, queues, worker id, ...).
        public static let invalidConfiguration = Code(name: "invalid_configuration")
        /// The endpoint is malformed or cannot be connected.
        public static let badEndpoint = Code(name: "bad_endpoint")
        /// The executor answered `worker_reject` (see the message for its code).
        public static let rejected = Code(name: "rejected")
        /// `run()` was called twice.
        public static let alreadyRunning = Code(name: "already_running")
        /// The name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, naming the setting or endpoint.
    public var message: String

    /// An error of `code` saying `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
