/// Renders and checks task templates: Stencil with Airflow's variable names, Jinja-style
/// filter calls (`| default('x')`) and `ti.xcom_pull(...)` calls.
///
/// ```swift
/// let command = try TemplateRenderer.render(
///     "process --day {{ ds }} --in {{ ti.xcom_pull(task_ids='extract') }}",
///     context: context, location: TemplateLocation(taskId: "load", field: "bash"))
/// ```
///
/// Names (see `TemplateContext`): `ds`, `ds_nodash`, `ts`, `ts_nodash`, `ts_nodash_with_tz`,
/// `logical_date`, `data_interval_start`, `data_interval_end`, `run_id`, `dag.dag_id`,
/// `task.task_id`, `params.x`, `var.x` / `var.value.x` / `var.json.x.y`, `dag_run.conf.x`
/// (also `conf.x`), `item`, `map_index`, `try_number`, `task_instance_key_str`,
/// `ti` / `task_instance` (`task_id`, `dag_id`, `run_id`, `try_number`, `map_index`).
///
/// Calls: `ti.xcom_pull(...)`, `macros.ds_add(ds, n)`, `macros.ds_format(ds, in, out)`,
/// `<date>.strftime(fmt)`, `<date>.isoformat()`, `<dict>.get(key, default)`; any other call
/// is an error, not an empty string. Filters: see `docs/templates.md`.
///
/// Undefined names render empty, as Airflow's Jinja does (`warnings` lists them); a missing
/// variable (`var.x`) fails, as in Airflow. Values render as: strings as they are, numbers and
/// booleans plainly (`10`, `2.5`, `true`), dates like Python's `str(datetime)`
/// (`2026-03-08 00:00:00+00:00`), lists and dictionaries as JSON (keys sorted).
public enum TemplateRenderer {
    /// Renders `template` for one task instance. Text without any `{` is returned as is.
    ///
    /// - Throws: `TemplateError` naming `location` and the line:column in `template` of the
    ///   first problem (syntax, unknown filter, bad `xcom_pull`, a filter failing, or, as in
    ///   Airflow, a variable read as `var.x` that does not exist or is not valid JSON for `var.json.x`).
    public static func render(
        _ template: String,
        context: TemplateContext,
        location: TemplateLocation
    ) throws(TemplateError) -> String {
        guard mayContainTags(template) else { return template }
        let compiled = CompiledTemplate(template, purpose: .render)
        if let issue = compiled.issues.first {
            throw issue.error(in: compiled.source, location: location)
        }
        for reference in compiled.variables {
            if let issue = reference.problem(in: context.variables, connections: context.connections) {
                throw issue.error(in: compiled.source, location: location)
            }
        }
        do {
            return try compiled.render(context.stencilDictionary(names: compiled.nameSet, pulls: compiled.pulls))
        } catch {
            throw error.error(in: compiled.source, location: location)
        }
    }

    /// Parses `template` without rendering it and returns the errors found, empty when it is
    /// fine: unclosed `{{`/`{%`/`{#`, empty tags, unknown filters and tags, blocks without
    /// their end tag, malformed `xcom_pull` calls, other calls. Scanning and rewriting report
    /// every problem they find; Stencil's parse (run only when those found none) stops at its
    /// first. Cheap: text without any `{` returns at once.
    public static func validate(_ template: String, location: TemplateLocation = .unknown) -> [TemplateError] {
        guard mayContainTags(template) else { return [] }
        let compiled = CompiledTemplate(template, purpose: .check)
        return compiled.issues.map { $0.error(in: compiled.source, location: location) }
    }

    /// The XCom values `template` pulls, in order of first appearance, without duplicates;
    /// empty when the template is invalid. Lets the runtime ship only what a task reads.
    public static func xcomReferences(in template: String) -> [XComKey] {
        guard mayContainTags(template) else { return [] }
        let compiled = CompiledTemplate(template, purpose: .inspect)
        guard compiled.issues.isEmpty else { return [] }
        var seen: Set<XComKey> = []
        return compiled.pulls.flatMap(\.keys).filter { seen.insert($0).inserted }
    }

    /// True when `text` has a `{`, the start of every tag; false means it renders as itself.
    public static func mayContainTags(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: "{"))
    }
}
