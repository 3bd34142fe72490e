import SwiftProtobuf
import UpdraftWire

/// A generated protobuf message that can say whether it carries what the runtime needs.
///
/// Protobuf accepts any subset of fields; `validate()` adds the rules the schema cannot
/// state (a dispatch needs a `dag_id`, a hello needs `min_protocol_version <=
/// max_protocol_version`, ...). `UpdraftCodec` calls it after decoding and before encoding.
public protocol WireMessage: SwiftProtobuf.Message, Sendable {
    /// Appends one sentence per problem to `problems`, naming fields by their proto names
    /// (`"key.dag_id is empty"`). Appends nothing when the message is usable.
    func collectProblems(into problems: inout [String])
}

extension WireMessage {
    /// The problems `collectProblems` finds; empty when the message is usable.
    public var problems: [String] {
        var problems: [String] = []
        collectProblems(into: &problems)
        return problems
    }

    /// Throws `FrameError(.malformedBody)` listing every problem, prefixed by `context`
    /// (by default the proto name, e.g. `updraft.v1.TaskDispatch`).
    public func validate(context: String = Self.protoMessageName) throws(FrameError) {
        let found = problems
        guard found.isEmpty else {
            throw FrameError(.malformedBody, "\(context): \(found.joined(separator: "; "))")
        }
    }
}
