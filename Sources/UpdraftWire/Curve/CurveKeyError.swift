/// A key or key file that cannot be used: the message names what and where.
public struct CurveKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. "key file /etc/updraft/worker.key: no such file".
    public var message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
