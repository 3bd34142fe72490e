extension TemplateRenderer {
    /// The names a template can read at top level (plus Stencil's `forloop`), for `warnings`.
    public static let knownNames: Set<String> = Set<String>([
        "ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz", "logical_date",
        "data_interval_start", "data_interval_end", "run_id", "dag", "task", "params", "var", "conn",
        "conf", "dag_run", "map_index", "try_number", "task_instance_key_str", "ti",
        "task_instance", "item", "forloop",
    ]).union(notifierNames)

    /// The names notifier templates see besides a task's: the error (`exception`, `reason`),
    /// the callback `event` (failure, success, retry, skipped), the `state`, and links to the
    /// HTTP API (`dag_run_url`, `ti_url`; empty when the API is off).
    public static let notifierNames: Set<String> = ["exception", "reason", "event", "state", "dag_run_url", "ti_url"]

    /// Words of the template language that are not names.
    static let keywords: Set<String> = [
        "if", "elif", "else", "endif", "ifnot", "for", "in", "endfor", "empty", "break", "continue",
        "and", "or", "not", "true", "false", "True", "False", "None", "filter", "endfilter",
        "block", "endblock", "extends", "include", "now", "where", "reversed",
    ]

    /// Names a valid template reads that the renderer does not define, such as the typo
    /// `{{ ds_nodahs }}`. They render empty (as in Airflow), so they are warnings, not
    /// `validate` errors: code `unknown-name`, e.g. `1:4: 'ds_nodahs' is not defined and
    /// renders empty (did you mean 'ds_nodash'?)`. Empty for invalid templates.
    public static func warnings(_ template: String, location: TemplateLocation = .unknown) -> [TemplateError] {
        guard mayContainTags(template) else { return [] }
        let compiled = CompiledTemplate(template, purpose: .inspect)
        guard compiled.issues.isEmpty else { return [] }
        return compiled.names
            .map { (name: compiled.source.text($0), offset: $0.lowerBound) }
            .filter { !knownNames.contains($0.name) && !keywords.contains($0.name) && !compiled.loopVariables.contains($0.name) }
            .map { name, offset in
                var message = "'\(name)' is not defined and renders empty"
                if let suggestion = suggestion(for: name) { message += " (did you mean '\(suggestion)'?)" }
                return TemplateIssue(code: .unknownName, message: message, offset: offset)
                    .error(in: compiled.source, location: location)
            }
    }

    private static func suggestion(for name: String) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in knownNames.sorted() {
            let distance = TemplateFilters.editDistance(candidate, name)
            if distance <= max(1, name.count / 3), distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }
}
