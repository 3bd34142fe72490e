import Testing
import UpdraftCore

@Suite("Template validation")
struct TemplateValidationTests {
    @Test(arguments: [
        "plain text, no tags",
        "echo {{ ds }} {{ ts_nodash }}",
        "{{ ti.xcom_pull(task_ids='a', key='k') | default('') }}",
        "{% for t in params.tables %}{{ t | upper }}{% endfor %}",
        "{% if params.dry %}a{% elif params.x %}b{% else %}c{% endif %}",
        "{# comment with {{ braces #}",
        "{{ undefined_names.render.empty }}",
        "{{ x | join(', ') | default('y') }}",
        "a { b } c %} d }}",
    ])
    func acceptsGoodTemplate(template: String) {
        #expect(TemplateRenderer.validate(template, location: TemplateFixture.location) == [])
    }

    @Test(arguments: [
        ("echo {{ ds | uper }}", TemplateError.Code.unknownFilter, 1, 14, "unknown filter 'uper' (did you mean 'upper'?)"),
        ("{{ ds | frobnicate }}", .unknownFilter, 1, 9, "unknown filter 'frobnicate'"),
        ("{% for t in params.tables|splt(',') %}{% endfor %}", .unknownFilter, 1, 27, "unknown filter 'splt' (did you mean 'split'?)"),
        ("echo {{ ds", .unclosedTag, 1, 6, "'{{' is not closed by '}}'"),
        ("a\nb {{ ds }}\n  {% if x %}", .badBlock, 3, 3, "`endif` was not found"),
        ("x\n{% if x %}\n{{ ds\n{% endif %}", .unclosedTag, 3, 1, "'{{' is not closed by '}}'"),
        ("{# never closed", .unclosedTag, 1, 1, "'{#' is not closed by '#}'"),
        ("{{ 'open }}", .unclosedTag, 1, 4, "string literal is not closed"),
        ("ok\n{% set x = 1 %}", .badBlock, 2, 1, "unknown tag 'set'"),
        ("{% endfor %}", .badBlock, 1, 1, "unexpected '{% endfor %}': its block is not open, or a block inside it is not closed"),
        ("{% for t in x %}{% if t %}{% endfor %}", .badBlock, 1, 27, "unexpected '{% endfor %}'"),
        ("{% for t in x %}{% else %}{% endfor %}", .badBlock, 1, 17, "unexpected '{% else %}'"),
        ("{{ }}", .emptyTag, 1, 1, "'{{ }}' has no expression"),
        ("a {% include 'other.txt' %}", .badBlock, 1, 3, "'{% include %}' is not supported"),
        ("{% for t in x %}{% else %}{% endfor %}", .badBlock, 1, 17, "write {% empty %} where Jinja has {% else %}"),
        ("{%  %}", .emptyTag, 1, 1, "'{% %}' has no tag name"),
        ("run {{ logical_date.date() }}", .unsupportedCall, 1, 8, "calling 'logical_date.date(...)' is not supported"),
        ("{{ ti.xcom_pull('a').strip() }}", .unsupportedCall, 1, 27, "calling a method on a result is not supported"),
        ("{{ macros.datetime.now() }}", .unsupportedCall, 1, 4, "calling 'macros.datetime.now(...)' is not supported"),
        ("{{ ds ~ '-x' }}", .syntax, 1, 4, "'ds ~ '-x'' is not supported"),
        ("{{ ds | }}", .syntax, 1, 7, "expected a filter name after '|'"),
        ("ééé {{ ds | uper }}", .unknownFilter, 1, 13, "unknown filter 'uper'"),
        ("{{ ti.xcom_pull(task_ids=) }}", .badXComPull, 1, 26, "ti.xcom_pull: expected a value"),
    ])
    func reportsError(template: String, code: TemplateError.Code, line: Int, column: Int, message: String) throws {
        let errors = TemplateRenderer.validate(template, location: TemplateFixture.location)
        let error = try #require(errors.first)
        #expect(error.code == code)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.line == line && error.column == column, "\(error)")
        #expect(error.description.hasPrefix("task 'report' field 'bash' \(line):\(column): "))
        // render reports the same first error
        let rendered = TemplateFixture.render(template)
        #expect(rendered == "error: \(error.description)")
    }

    @Test func reportsTheExampleFromTheSpecExactly() {
        let errors = TemplateRenderer.validate("echo {{ ds | uper }}", location: TemplateFixture.location)
        #expect(errors.map(\.description) == [
            "task 'report' field 'bash' 1:14: unknown filter 'uper' (did you mean 'upper'?)",
        ])
    }

    @Test func collectsEveryScanAndRewriteError() {
        let template = "{{ a | uper }} {{ ti.xcom_pull() }}\n{{ b.c(1) }} {{ d"
        let errors = TemplateRenderer.validate(template, location: TemplateFixture.location)
        #expect(errors.map { "\($0.line):\($0.column) \($0.code)" } == [
            "1:8 unknown-filter", "1:19 bad-xcom-pull", "2:4 unsupported-call", "2:14 unclosed-tag",
        ])
    }

    @Test func sameBlockStructureElsewhereGetsItsOwnPosition() {
        // Block checks are memoised by block structure: positions must still be per template.
        let first = "{% for t in params.cached_tables %}{{ t }}{% if t %}x{% endfor %}"
        let second = "prefix {{ ds }}\n  {% for t in params.cached_tables %}{{ t | upper }}\n{% if t %}y{% endfor %}"
        for _ in 0..<2 {
            #expect(TemplateRenderer.validate(first).map { "\($0.line):\($0.column) \($0.code)" } == ["1:54 bad-block"])
            #expect(TemplateRenderer.validate(second).map { "\($0.line):\($0.column) \($0.code)" } == ["3:12 bad-block"])
            #expect(TemplateRenderer.validate("{% if params.cached_ok %}a{% endif %}").isEmpty)
            #expect(TemplateRenderer.validate("z {% if params.cached_ok %}{{ ds }}{% endif %}").isEmpty)
        }
    }

    @Test func validatesWithoutLocation() {
        let errors = TemplateRenderer.validate("{{ ds | uper }}")
        #expect(errors.map(\.description) == ["1:9: unknown filter 'uper' (did you mean 'upper'?)"])
    }
}
