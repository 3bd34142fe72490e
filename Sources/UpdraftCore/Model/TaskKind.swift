/// What a task does when it runs.
public enum TaskKind: Sendable, Hashable {
    /// A shell command run with `bash -c` in its own process group.
    case bash(BashCommand)
    /// Does nothing and succeeds at once (a join point or placeholder).
    case empty
    /// A Swift closure (DSL only): runs inside the binary built from the user's Swift DAGs.
    case swift(SwiftTaskBody)
    /// A shell command whose last stdout line names the downstream task ids to follow
    /// (comma-separated or a JSON list); the other direct downstream tasks are skipped.
    case branch(BashCommand)
    /// A Swift closure (DSL only) returning the chosen downstream task ids
    /// (a string, or an array of strings); the other direct downstream tasks are skipped.
    case swiftBranch(SwiftTaskBody)
    /// A sensor: waits for a condition, poking on an interval.
    case sensor(SensorSpec)

    /// A short name for listings and errors: `bash`, `empty`, `swift`, `branch`, `sensor`.
    public var name: String {
        switch self {
        case .bash: "bash"
        case .empty: "empty"
        case .swift: "swift"
        case .branch, .swiftBranch: "branch"
        case .sensor: "sensor"
        }
    }

    /// True for `branch` and `swiftBranch`: the task picks which downstream tasks run.
    public var isBranch: Bool {
        switch self {
        case .branch, .swiftBranch: true
        default: false
        }
    }
}

/// A shell command and its skip exit codes (Airflow's `BashOperator`).
public struct BashCommand: Sendable, Hashable {
    /// The command text; a template rendered before it runs.
    public var command: String
    /// Exit codes that mark the task `skipped` instead of `failed` (default `[99]`).
    public var skipOnExitCodes: [Int]

    /// A command; `skipOnExitCodes` defaults to Airflow's `[99]`.
    public init(command: String, skipOnExitCodes: [Int] = [99]) {
        self.command = command
        self.skipOnExitCodes = skipOnExitCodes
    }
}
