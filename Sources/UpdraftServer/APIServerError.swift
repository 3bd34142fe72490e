/// Why the API server cannot start (bad host or port); its description is the message for
/// people.
public struct APIServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the value.
    public var message: String

    /// An error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
