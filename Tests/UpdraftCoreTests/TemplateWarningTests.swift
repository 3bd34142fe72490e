import Testing
import UpdraftCore

@Suite("Template warnings")
struct TemplateWarningTests {
    @Test func flagsUnknownNamesWithSuggestion() {
        let warnings = TemplateRenderer.warnings("echo {{ ds_nodahs }}\n{{ parms.x | default(tsk) }}", location: TemplateFixture.location)
        #expect(warnings.map(\.description) == [
            "task 'report' field 'bash' 1:9: 'ds_nodahs' is not defined and renders empty (did you mean 'ds_nodash'?)",
            "task 'report' field 'bash' 2:4: 'parms' is not defined and renders empty (did you mean 'params'?)",
            "task 'report' field 'bash' 2:22: 'tsk' is not defined and renders empty (did you mean 'task'?)",
        ])
        #expect(warnings.allSatisfy { $0.code == .unknownName })
    }

    @Test(arguments: [
        "{{ ds }} {{ params.x.y }} {{ var.json.a.b }} {{ dag_run.conf.k }} {{ ti.xcom_pull('a').b }}",
        "{% for a, b in params.pairs %}{{ a }}{{ b }}{{ forloop.counter }}{% endfor %}",
        "{% if params.x and not params.y %}{{ 'literal' }}{% elif true %}{% endif %}",
        "{{ params.x if params.y else 'none' }}",
        "{{ params['key'] }} {{ 42 }}",
        "no tags at all",
    ])
    func acceptsKnownNames(template: String) {
        #expect(TemplateRenderer.warnings(template) == [])
    }

    @Test func invalidTemplatesHaveNoWarnings() {
        #expect(TemplateRenderer.warnings("{{ typo | uper }}").isEmpty)
        #expect(!TemplateRenderer.validate("{{ typo | uper }}").isEmpty)
    }

    @Test func unknownNamesStillRenderEmpty() {
        #expect(TemplateFixture.render("[{{ ds_nodahs }}]") == "[]")
        #expect(TemplateRenderer.validate("[{{ ds_nodahs }}]").isEmpty)
    }
}
