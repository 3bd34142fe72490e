import Foundation
import Testing
import UpdraftCore

@Suite("Template variables")
struct TemplateVariableTests {
    @Test(arguments: [
        ("{{ ds }}", "2026-03-08"),
        ("{{ ds_nodash }}", "20260308"),
        ("{{ ts }}", "2026-03-08T00:00:00+00:00"),
        ("{{ ts_nodash }}", "20260308T000000"),
        ("{{ ts_nodash_with_tz }}", "20260308T000000+0000"),
        ("{{ logical_date }}", "2026-03-08 00:00:00+00:00"),
        ("{{ data_interval_start }}", "2026-03-08 00:00:00+00:00"),
        ("{{ data_interval_end }}", "2026-03-09 00:00:00+00:00"),
        ("{{ data_interval_end | ds }}", "2026-03-09"),
        ("{{ data_interval_end|ts_nodash_with_tz }}", "20260309T000000+0000"),
        ("{{ logical_date.year }}-{{ logical_date.month }}", "2026-3"),
        ("{{ run_id }}", "scheduled__2026-03-08T00:00:00+00:00"),
        ("{{ dag.dag_id }}/{{ task.task_id }}", "sales/report"),
        ("{{ task_instance_key_str }}", "sales__report__20260308"),
        ("{{ params.region }}", "eu"),
        ("{{ params.limit }}", "10"),
        ("{{ params.ratio }}", "2.5"),
        ("{{ params.dry }}", "true"),
        ("{{ params.tables }}", #"["a","b"]"#),
        ("{{ params.tables.0 }}", "a"),
        ("{{ params.nested }}", #"{"inner":"deep"}"#),
        ("{{ params.nested.inner }}", "deep"),
        ("{{ params['region'] }}", "eu"),
        ("[{{ params.nothing }}]", "[]"),
        ("{{ var.bucket }}", "s3://data"),
        ("{{ var.value.bucket }}", "s3://data"),
        ("{{ var.json.settings.mode }}", "fast"),
        ("{{ var.json.settings.sizes }}", "[1,2]"),
        ("{{ dag_run.conf.who }}", "ops"),
        ("{{ dag_run.conf.full }}", "false"),
        ("{{ conf.who }}", "ops"),
        ("{{ dag_run.run_id }}", "scheduled__2026-03-08T00:00:00+00:00"),
        ("{{ try_number }} {{ ti.try_number }}", "2 2"),
        ("{{ map_index }} {{ ti.map_index }}", "-1 -1"),
        ("{{ ti.task_id }} {{ task_instance.dag_id }}", "report sales"),
        ("[{{ item }}]", "[]"),
        ("[{{ no_such_name }}] [{{ params.missing }}] [{{ var.value.get('nope') }}]", "[] [] []"),
        ("{{ var.value.get('nope', 'fallback') }}", "fallback"),
    ])
    func rendersVariable(template: String, expected: String) {
        #expect(TemplateFixture.render(template) == expected)
    }

    @Test(arguments: [
        (JSONValue.string("file-3.csv"), 3, "cp file-3.csv /out/3"),
        (JSONValue.int(7), 0, "cp 7 /out/0"),
        (JSONValue.object(["f": .string("a.csv")]), 1, "cp a.csv /out/1"),
    ])
    func rendersMappedItem(item: JSONValue, index: Int, expected: String) {
        var context = TemplateFixture.context
        context.mapItem = item
        context.mapIndex = index
        let template = "cp {{ item.f | default(item) }} /out/{{ map_index }}"
        #expect(TemplateFixture.render(template, context: context) == expected)
    }

    @Test(arguments: [
        ("x\n  {{ var.nope }}", "2:6: variable 'nope' does not exist"),
        ("{{ var.value.nope | default('x') }}", "1:4: variable 'nope' does not exist"),
        ("{% if true %}{{ var.json.nope.key }}{% endif %}", "1:17: variable 'nope' does not exist"),
        ("{{ var.json.bucket }}", "1:4: variable 'bucket' is not valid JSON"),
    ])
    func failsOnMissingVariableAsAirflowDoes(template: String, message: String) {
        #expect(TemplateRenderer.validate(template).isEmpty)
        #expect(TemplateFixture.render(template).hasPrefix("error: task 'report' field 'bash' \(message)"))
    }

    @Test func keepsTextWithoutTagsAsIs() {
        let text = "echo 'no templates here' && exit 0\n"
        #expect(TemplateFixture.render(text) == text)
    }

    @Test func rendersMicrosecondsAndPreEpochDates() {
        var context = TemplateFixture.context
        context.logicalDate = Date(timeIntervalSince1970: -86_400 + 0.25)  // 1969-12-31T00:00:00.25Z
        #expect(TemplateFixture.render("{{ ts }}", context: context) == "1969-12-31T00:00:00.250000+00:00")
        #expect(TemplateFixture.render("{{ ts_nodash }}", context: context) == "19691231T000000")
        #expect(TemplateFixture.render("{{ ts_nodash_with_tz }}", context: context) == "19691231T000000.250000+0000")
        context.logicalDate = Date(timeIntervalSince1970: 951_825_599)  // 2000-02-29T11:59:59Z
        #expect(TemplateFixture.render("{{ logical_date }}", context: context) == "2000-02-29 11:59:59+00:00")
    }
}
