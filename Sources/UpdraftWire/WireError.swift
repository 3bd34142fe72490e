#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

/// A failure of a ZeroMQ call or of the bridge around it: never a crash.
///
/// Carries the operation (`"bind"`, `"send"`), the endpoint when there is one, and for
/// libzmq failures the errno with its `zmq_strerror` text.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The stable code string, e.g. `"zmq"`.
        public var rawValue: String
        /// A code from its string.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A libzmq call failed; `errno` says why.
        public static let zmq = Code(rawValue: "zmq")
        /// The port or loop is closed.
        public static let closed = Code(rawValue: "closed")
        /// The codec could not encode the message.
        public static let encoding = Code(rawValue: "encoding")
        /// The port's send queue is full: the peer is slow or absent (back-pressure).
        public static let queueFull = Code(rawValue: "queue_full")
        /// No reply came within the request's timeout.
        public static let timeout = Code(rawValue: "timeout")
        /// The call does not fit the socket kind (e.g. a ROUTER send without a peer).
        public static let misuse = Code(rawValue: "misuse")
        /// The code string.
        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The libzmq errno, or 0 when the failure did not come from libzmq.
    public var errno: Int32
    /// A plain sentence: the `zmq_strerror` text or what went wrong.
    public var message: String
    /// For a failed ``WirePort/send(contentsOf:to:topic:)``: how many of the messages were
    /// handed to libzmq before this one failed (those after it were not sent either).
    public var messagesSent = 0
    /// The operation that failed, e.g. `"bind"`.
    public var operation: String
    /// The endpoint involved, if any.
    public var endpoint: String?

    /// Creates an error.
    public init(_ code: Code, errno: Int32 = 0, message: String, operation: String, endpoint: String? = nil) {
        self.code = code
        self.errno = errno
        self.message = message
        self.operation = operation
        self.endpoint = endpoint
    }

    /// The error for the current `zmq_errno()`.
    static func zmqCall(_ operation: String, endpoint: String? = nil) -> WireError {
        let number = zmq_errno()
        return WireError(
            .zmq, errno: number, message: String(cString: zmq_strerror(number)),
            operation: operation, endpoint: endpoint)
    }

    /// "OPERATION failed on ENDPOINT: MESSAGE (errno N)".
    public var description: String {
        var text = "\(operation) failed"
        if let endpoint { text += " on \(endpoint)" }
        text += ": \(message)"
        if errno != 0 { text += " (errno \(errno))" }
        return text
    }
}
