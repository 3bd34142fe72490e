import Testing
import UpdraftCore

@Suite("Template filters and blocks")
struct TemplateFilterTests {
    @Test(arguments: [
        ("{{ params.region | upper }}", "EU"),
        ("{{ params.region|upper() }}", "EU"),
        ("{{ 'MiXed' | lower }}", "mixed"),
        ("{{ params.region | uppercase }}", "EU"),
        ("{{ params.missing | default('none') }}", "none"),
        ("{{ params.missing | default(\"dq\") }}", "dq"),
        ("{{ params.missing|default:'stencil' }}", "stencil"),
        ("{{ params.region | default('none') }}", "eu"),
        ("{{ params.tables | join(',') }}", "a,b"),
        ("{{ params.tables | join(', ') | upper }}", "A, B"),
        ("{{ params.tables | length }}", "2"),
        ("{{ params.region | length }}", "2"),
        ("{{ '  padded  ' | trim }}", "padded"),
        ("{{ ds | replace('-', '/') }}", "2026/03/08"),
        ("{{ params.nested | tojson }}", #"{"inner":"deep"}"#),
        ("{{ params.region | tojson }}", #""eu""#),
        ("{{ logical_date | ds_nodash }}", "20260308"),
        ("{{ logical_date | ts }}", "2026-03-08T00:00:00+00:00"),
        ("{{ data_interval_end | ts_nodash }}", "20260309T000000"),
        ("{{ params.region | capitalize }}", "Eu"),
        ("{{ params.missing | default(ti.xcom_pull('extract')) }}", "/tmp/out.csv"),
        ("{{ \"a|b\" }}", "a|b"),
        ("{{ params.region if params.dry else 'none' }}", "eu"),
    ])
    func appliesFilter(template: String, expected: String) {
        #expect(TemplateFixture.render(template) == expected)
    }

    @Test(arguments: [
        ("{% for t in params.tables %}[{{ t }}]{% endfor %}", "[a][b]"),
        ("{% for t in params.tables %}{{ t | upper }}{% endfor %}", "AB"),
        ("{% for t in params.tables | join(',') | split(',') %}{{ forloop.counter }}{{ t }}{% endfor %}", "1a2b"),
        ("{% if params.dry %}{{ params.tables }}{% endif %}", #"["a","b"]"#),
        ("{% if params.dry %}dry{% else %}wet{% endif %}", "dry"),
        ("{% for i in 1...3 %}{{ i }}{% endfor %}", "123"),
        ("{% for i in 8...params.limit %}{{ i }}{% endfor %}", "8910"),
        ("{% for t in params.tables %}{% empty %}none{% endfor %}{% for t in params.missing %}{% empty %}none{% endfor %}", "none"),
        ("{% if params.limit > 5 %}big{% endif %}", "big"),
        ("{% if dag_run.conf.full %}full{% elif params.dry %}dry{% endif %}", "dry"),
        ("{% if params.missing %}x{% endif %}.", "."),
        ("a {# a comment #}b", "a b"),
        ("a\n  {%- if params.dry -%}\n  x\n{%- endif %}\n", "ax\n"),
        ("a   {{- ds -}}   b", "a2026-03-08b"),
        ("{{ '}}' }}", "}}"),
        ("{{ '%}' }} and {{ \"{{\" }}", "%} and {{"),
        ("100% { not a tag } {x}", "100% { not a tag } {x}"),
        ("line1\n{{ ds }}\nline3", "line1\n2026-03-08\nline3"),
        ("é{{ ds }}é", "é2026-03-08é"),
    ])
    func rendersBlocksCommentsAndWhitespace(template: String, expected: String) {
        #expect(TemplateFixture.render(template) == expected)
    }

    @Test func everyAdvertisedFilterIsAccepted() {
        for name in ["default", "upper", "lower", "join", "trim", "length", "replace", "tojson", "split",
                     "capitalize", "uppercase", "lowercase", "indent", "ds", "ds_nodash", "ts", "ts_nodash",
                     "ts_nodash_with_tz"] {
            #expect(TemplateRenderer.validate("{{ x | \(name) }}").isEmpty, "\(name)")
        }
    }

    @Test func dateFilterOnTextIsARenderError() throws {
        let result = TemplateFixture.render("a\n{{ params.region | ds }}")
        #expect(result == "error: task 'report' field 'bash' 2:1: filter 'ds' needs a date such as logical_date")
    }
}
