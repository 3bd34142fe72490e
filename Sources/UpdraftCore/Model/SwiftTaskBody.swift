import Foundation

/// The closure behind a Swift task (DSL only), with a name that stands for it in
/// equality and hashing, so that ``TaskSpec`` and ``Dag`` stay `Hashable`.
///
/// ```swift
/// let body = SwiftTaskBody(name: "etl.extract") { ctx in .string("rows: 42") }
/// ```
public struct SwiftTaskBody: Sendable, Hashable {
    /// The signature of a Swift task: gets the run's context, may return an XCom value.
    public typealias Body = @Sendable (TaskContext) async throws -> JSONValue?

    /// Identity of the closure: two bodies are equal when their names are equal
    /// (the DSL uses `dag_id.task_id`).
    public let name: String
    /// The code to run.
    public let run: Body

    /// Wraps `run` under `name`.
    public init(name: String, _ run: @escaping Body) {
        self.name = name
        self.run = run
    }

    /// Equal when the names are equal (closures cannot be compared).
    public static func == (a: SwiftTaskBody, b: SwiftTaskBody) -> Bool { a.name == b.name }
    /// Hashes the name only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// What a Swift task sees when it runs; filled in by the worker.
public struct TaskContext: Sendable {
    /// The DAG's id.
    public var dagId: String
    /// The task's id (with its group prefix).
    public var taskId: String
    /// The DAG run's id.
    public var runId: String
    /// The logical date: start of the run's data interval.
    public var logicalDate: Date
    /// Index among the instances of a mapped task; -1 when the task is not mapped.
    public var mapIndex: Int
    /// Try number, starting at 1.
    public var tryNumber: Int
    /// The DAG's params merged with the run's conf.
    public var params: [String: JSONValue]
    /// The item of a mapped task instance (`{{ item }}` in templates); nil when not mapped.
    public var item: JSONValue?
    /// Return values (XCom key `return_value`) of the direct upstream tasks, by task id.
    public var upstreamResults: [String: JSONValue]

    /// A context; the worker builds one per task instance try.
    public init(
        dagId: String, taskId: String, runId: String, logicalDate: Date,
        mapIndex: Int = -1, tryNumber: Int = 1, params: [String: JSONValue] = [:],
        item: JSONValue? = nil, upstreamResults: [String: JSONValue] = [:]
    ) {
        self.dagId = dagId
        self.taskId = taskId
        self.runId = runId
        self.logicalDate = logicalDate
        self.mapIndex = mapIndex
        self.tryNumber = tryNumber
        self.params = params
        self.item = item
        self.upstreamResults = upstreamResults
    }
}
