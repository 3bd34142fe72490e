import UpdraftCore

/// The Swift closures a worker can run, by callable name (`"dag_id.task_id"`, as the DSL
/// names them), plus `updraft.noop` in every registry: a task that returns at once
/// through the worker (the benchmark's `noop`).
///
/// ```swift
/// let registry = SwiftTaskRegistry.from(dags: CodeDagRegistry.dags)
/// let body = registry["etl.extract"]
/// ```
public struct SwiftTaskRegistry: Sendable {
    /// The callable name of the built-in task that succeeds at once without a value.
    public static let noopCallable = "updraft.noop"

    private var bodies: [String: SwiftTaskBody]

    /// A registry with `bodies` (keyed by their names) and `updraft.noop`.
    public init(_ bodies: [SwiftTaskBody] = []) {
        self.bodies = [Self.noopCallable: SwiftTaskBody(name: Self.noopCallable) { _ in nil }]
        for body in bodies { self.bodies[body.name] = body }
    }

    /// Every Swift task (`swift` and swift `branch` kinds) of `dags`, under the names the
    /// DSL gives them (`dag_id.task_id`).
    public static func from(dags: [Dag]) -> SwiftTaskRegistry {
        var bodies: [SwiftTaskBody] = []
        for dag in dags {
            for task in dag.tasks {
                switch task.kind {
                case .swift(let body), .swiftBranch(let body): bodies.append(body)
                default: continue
                }
            }
        }
        return SwiftTaskRegistry(bodies)
    }

    /// Adds or replaces the closure registered under `body.name`.
    public mutating func register(_ body: SwiftTaskBody) { bodies[body.name] = body }

    /// Adds or replaces a closure under `name`.
    public mutating func register(_ name: String, _ run: @escaping SwiftTaskBody.Body) {
        bodies[name] = SwiftTaskBody(name: name, run)
    }

    /// The closure registered under `callable`, or nil.
    public subscript(callable: String) -> SwiftTaskBody? { bodies[callable] }

    /// Every registered callable name, sorted.
    public var callables: [String] { bodies.keys.sorted() }

    /// True when `callable` is the built-in `updraft.noop` (the worker answers it inline).
    func isBuiltInNoop(_ callable: String) -> Bool {
        callable == Self.noopCallable && bodies[callable]?.name == Self.noopCallable
    }
}
