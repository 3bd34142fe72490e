/// An error from the ``Scheduler``'s API, naming what was asked for.
public struct SchedulerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for people.
    public var message: String

    /// An error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    static func unknownDag(_ dagId: String, known: [String]) -> SchedulerError {
        let hint = known.isEmpty ? "no DAGs are loaded" : "loaded: \(known.sorted().prefix(10).joined(separator: ", "))"
        return SchedulerError("no DAG '\(dagId)' in this scheduler (\(hint))")
    }
}
