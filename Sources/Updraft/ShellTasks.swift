import UpdraftCore

/// A shell command run with `bash -c` (YAML `bash:`); the command is a template.
///
/// ```swift
/// BashTask("extract", "echo extracting {{ ds }}").retries(2)
/// ```
public struct BashTask: TaskDeclaration {
    /// The task as authored.
    public var draft: TaskDraft

    /// A bash task; exit codes in `skipOnExitCodes` mark it skipped (default `[99]`).
    public init(_ taskId: String, _ command: String, skipOnExitCodes: [Int] = [99]) {
        draft = TaskDraft(taskId: taskId, kind: .bash(BashCommand(command: command, skipOnExitCodes: skipOnExitCodes)))
    }
}

/// A task that does nothing and succeeds (YAML `empty: true`): a start, join or placeholder.
public struct EmptyTask: TaskDeclaration {
    /// The task as authored.
    public var draft: TaskDraft

    /// An empty task.
    public init(_ taskId: String) {
        draft = TaskDraft(taskId: taskId, kind: .empty)
    }
}

/// A shell command whose last stdout line names the downstream task ids to follow
/// (YAML `branch:`); the task's other direct downstream tasks are skipped. Give the join
/// after a branch `.triggerRule(.noneFailedMinOneSuccess)`.
public struct BranchTask: TaskDeclaration {
    /// The task as authored.
    public var draft: TaskDraft

    /// A branch task; `command` is a template.
    public init(_ taskId: String, _ command: String, skipOnExitCodes: [Int] = [99]) {
        draft = TaskDraft(taskId: taskId, kind: .branch(BashCommand(command: command, skipOnExitCodes: skipOnExitCodes)))
    }
}
