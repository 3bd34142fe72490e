/// Template checks of a task's templated fields (bash / branch command, command and file
/// sensors, env values, cwd) with the template module's validator.
enum DagValidationHooks {
    /// Templated fields of `task` that do not parse, each with its key and a label
    /// (`env.NAME` for env values), ordered by label.
    static func templateProblems(_ task: TaskSpec) -> [(key: String, label: String, message: String)] {
        var out: [(key: String, label: String, message: String)] = []
        func check(_ key: String, _ label: String, _ text: String) {
            // Text without `{` cannot hold a template tag: skip the parser.
            guard text.utf8.contains(UInt8(ascii: "{")) else { return }
            let location = TemplateLocation(taskId: task.taskId, field: label)
            for e in ValidTemplateCache.errors(text, location: location) {
                out.append((key, label, "\(e.line):\(e.column): \(e.message)"))
            }
        }
        switch task.kind {
        case .bash(let b): check("bash", "bash", b.command)
        case .branch(let b): check("branch", "branch", b.command)
        case .sensor(let s):
            switch s.kind {
            case .command(let c): check("command", "command", c)
            case .file(let path): check("filepath", "filepath", path)
            default: break
            }
        default: break
        }
        for (name, value) in task.env { check("env", "env.\(name)", value) }
        if let cwd = task.cwd { check("cwd", "cwd", cwd) }
        return out.count > 1 ? out.sorted { $0.label < $1.label } : out
    }
}
