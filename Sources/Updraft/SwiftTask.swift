import Foundation
import UpdraftCore

/// A Swift closure run by a worker built from the same binary (DSL only). What it returns
/// becomes its XCom `return_value`.
///
/// ```swift
/// SwiftTask("count") { ctx in
///     .int(Int64(ctx.params["limit"]?.plain as? Int64 ?? 10))
/// }
/// SwiftTask("summary") { ctx in Summary(rows: 42, day: ctx.logicalDate) }   // any Encodable
/// ```
public struct SwiftTask: TaskDeclaration {
    /// The task as authored.
    public var draft: TaskDraft

    /// A task running `body`; it may return nil (no XCom).
    public init(_ taskId: String, _ body: @escaping SwiftTaskBody.Body) {
        draft = TaskDraft(taskId: taskId, kind: .swift(SwiftTaskBody(name: taskId, body)))
    }

    /// A task running `body`, whose `Encodable` result is stored as JSON.
    public init<Result: Encodable & Sendable>(
        _ taskId: String, returning: Result.Type = Result.self,
        _ body: @escaping @Sendable (TaskContext) async throws -> Result
    ) {
        let run: SwiftTaskBody.Body = { ctx in
            let value = try await body(ctx)
            return try (value as? JSONValue) ?? JSONValue(encoding: value)
        }
        draft = TaskDraft(taskId: taskId, kind: .swift(SwiftTaskBody(name: taskId, run)))
    }
}

/// A Swift closure returning the downstream task ids to follow (DSL only): a string or a
/// list of strings. The task's other direct downstream tasks are skipped.
public struct SwiftBranchTask: TaskDeclaration {
    /// The task as authored.
    public var draft: TaskDraft

    /// A branch task choosing with `choose`.
    public init(_ taskId: String, _ choose: @escaping @Sendable (TaskContext) async throws -> [String]) {
        let body = SwiftTaskBody(name: taskId) { ctx in .array(try await choose(ctx).map(JSONValue.string)) }
        draft = TaskDraft(taskId: taskId, kind: .swiftBranch(body))
    }
}

extension JSONValue {
    /// The JSON form of any `Encodable` value (through `JSONEncoder`).
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }
}
