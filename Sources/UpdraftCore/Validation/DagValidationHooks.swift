/// Template checks of a task's templated fields (bash / branch command, command sensor,
/// env values, cwd) with the template module's validator.
enum DagValidationHooks {
    /// Templated fields of `task` that do not parse, each with its key.
    static func templateProblems(_ task: TaskSpec) -> [(key: String, label: String, message: String)] {
        var fields: [(key: String, label: String, text: String)] = []
        switch task.kind {
        case .bash(let b): fields.append(("bash", "bash", b.command))
        case .branch(let b): fields.append(("branch", "branch", b.command))
        case .sensor(let s):
            switch s.kind {
            case .command(let c): fields.append(("command", "command", c))
            case .file(let path): fields.append(("filepath", "filepath", path))
            default: break
            }
        default: break
        }
        for (name, value) in task.env.sorted(by: { $0.key < $1.key }) { fields.append(("env", "env.\(name)", value)) }
        if let cwd = task.cwd { fields.append(("cwd", "cwd", cwd)) }
        var out: [(key: String, label: String, message: String)] = []
        for field in fields where field.text.contains("{") {
            let location = TemplateLocation(taskId: task.taskId, field: field.label)
            for e in TemplateRenderer.validate(field.text, location: location) {
                out.append((field.key, field.label, "\(e.line):\(e.column): \(e.message)"))
            }
        }
        return out
    }
}
