/// Template checks of a task's templated fields (bash / branch command, command and file
/// sensors, env values, cwd) with the template module's validator.
enum DagValidationHooks {
    /// Templated fields of `task` that do not parse, each with its key and a label
    /// (`env.NAME` for env values), ordered by label. `valid` holds texts already known to
    /// parse during this validation (saves the shared cache's lock for repeats in one DAG).
    static func templateProblems(_ task: TaskSpec, valid: inout Set<String>) -> [(key: String, label: String, message: String)] {
        var out: [(key: String, label: String, message: String)] = []
        func check(_ key: String, _ label: String, _ text: String) {
            // Text without `{` cannot hold a template tag: skip the parser.
            guard text.utf8.contains(UInt8(ascii: "{")), !valid.contains(text) else { return }
            let before = out.count
            let location = TemplateLocation(taskId: task.taskId, field: label)
            for e in ValidTemplateCache.errors(text, location: location) {
                out.append((key, label, "\(e.line):\(e.column): \(e.message)"))
            }
            if out.count == before { valid.insert(text) }
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
