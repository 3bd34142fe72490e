import UpdraftCore

/// `updraft bench templates`: how long `TemplateRenderer.validate` (what DAG loading runs on
/// every templated field) and `TemplateRenderer.render` take over a synthetic DAG folder.
public enum TemplateBench {
    /// Timings of one run over `templates` templates.
    public struct Result: Sendable {
        /// How many templates were checked (and rendered).
        public var templates: Int
        /// Total time spent in `validate` for all of them.
        public var validate: Duration
        /// Total time spent in `render` for all of them.
        public var render: Duration
        /// How many templates `validate` reported errors for (should be 0).
        public var invalid: Int
    }

    /// `files × tasksPerFile` templates, a realistic mix: plain commands, `{{ ds }}`-style
    /// variables, filters, `xcom_pull` calls and `{% if %}`/`{% for %}` blocks. With
    /// `uniqueBlocks`, every block statement differs (the worst case for validation, which
    /// memoises Stencil's parse of each distinct block structure).
    public static func makeTemplates(files: Int, tasksPerFile: Int, uniqueBlocks: Bool = false) -> [String] {
        var templates: [String] = []
        templates.reserveCapacity(files * tasksPerFile)
        for file in 0..<files {
            for task in 0..<tasksPerFile {
                let id = "f\(file)_t\(task)"
                switch task % 5 {
                case 0: templates.append("python etl.py --task \(id) --verbose")
                case 1: templates.append("echo {{ ds }} && run \(id) --since {{ data_interval_start | ts }}")
                case 2: templates.append("load \(id) --in {{ ti.xcom_pull(task_ids='extract_\(task)', key='path') }}")
                case 3:
                    templates.append(
                        "sync {{ params.region | default('eu') | upper }} {{ var.value.bucket }}/\(id)/{{ ds_nodash }}")
                default:
                    let flag = uniqueBlocks ? "params.full_\(id)" : "params.full"
                    templates.append(
                        "{% if \(flag) %}full{% else %}delta{% endif %} \(id) {% for t in params.tables %}{{ t }},{% endfor %}")
                }
            }
        }
        return templates
    }

    /// Validates then renders every template once, timing each phase.
    public static func run(_ templates: [String], context: TemplateContext) -> Result {
        let clock = ContinuousClock()
        var invalid = 0
        let validate = clock.measure {
            for template in templates where !TemplateRenderer.validate(template).isEmpty {
                invalid += 1
            }
        }
        let location = TemplateLocation(taskId: "bench", field: "bash")
        var bytes = 0
        let render = clock.measure {
            for template in templates {
                bytes += ((try? TemplateRenderer.render(template, context: context, location: location)) ?? "").utf8.count
            }
        }
        precondition(bytes > 0, "rendering produced nothing")
        return Result(templates: templates.count, validate: validate, render: render, invalid: invalid)
    }
}
