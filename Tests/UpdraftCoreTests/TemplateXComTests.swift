import Testing
import UpdraftCore

@Suite("Template xcom_pull")
struct TemplateXComTests {
    @Test(arguments: [
        ("{{ ti.xcom_pull('extract') }}", "/tmp/out.csv"),
        ("{{ ti.xcom_pull(\"extract\") }}", "/tmp/out.csv"),
        ("{{ ti.xcom_pull(task_ids='extract') }}", "/tmp/out.csv"),
        ("{{ ti.xcom_pull(task_ids=\"extract\") }}", "/tmp/out.csv"),
        ("{{ task_instance.xcom_pull(task_ids='extract') }}", "/tmp/out.csv"),
        ("{{ti.xcom_pull( task_ids = 'extract' ,key='return_value', )}}", "/tmp/out.csv"),
        ("{{ ti.xcom_pull(task_ids='extract', key='rows') }}", "42"),
        ("{{ ti.xcom_pull(key=\"rows\", task_ids='extract') }}", "42"),
        ("{{ ti.xcom_pull('extract', key='rows') }}", "42"),
        ("{{ ti.xcom_pull(\n  task_ids='extract',\n  key='rows'\n) }}", "42"),
        ("{{ ti.xcom_pull('count') }}", "0.5"),
        ("{{ ti.xcom_pull('list') }}", #"[1,"x"]"#),
        ("{{ ti.xcom_pull('object') }}", #"{"a":"y","b":2}"#),
        ("{{ ti.xcom_pull('object').a }}", "y"),
        ("{{ ti.xcom_pull('list') | join('-') }}", "1-x"),
        ("{{ ti.xcom_pull(task_ids=['extract', 'count']) }}", #"["/tmp/out.csv",0.5]"#),
        ("[{{ ti.xcom_pull('missing') }}]", "[]"),
        ("[{{ ti.xcom_pull('extract', key='missing') }}]", "[]"),
        ("{{ ti.xcom_pull('missing', default='none') }}", "none"),
        ("{{ ti.xcom_pull('missing') | default('n/a') }}", "n/a"),
        ("[{{ ti.xcom_pull(task_ids='it\\'s') }}]", "[]"),
        ("{{ ti.xcom_pull(task_ids=\"it's\", default='q') }}", "q"),
        ("{{ ti.xcom_pull('extract') | upper }}", "/TMP/OUT.CSV"),
        ("{% if ti.xcom_pull('extract', key='rows') > 40 %}many{% endif %}", "many"),
        ("{{ ti.xcom_pull('extract') }} {{ ti.xcom_pull('extract', key='rows') }}", "/tmp/out.csv 42"),
        ("{{ 'ti.xcom_pull(x)' }}", "ti.xcom_pull(x)"),
    ])
    func rendersPull(template: String, expected: String) {
        #expect(TemplateFixture.render(template) == expected)
    }

    @Test(arguments: [
        ("{{ ti.xcom_pull() }}", 1, 4, "task_ids is required"),
        ("{{ ti.xcom_pull(task_id='a') }}", 1, 17, "unknown argument 'task_id'"),
        ("{{ ti.xcom_pull('a', 'other_dag') }}", 1, 22, "only one positional argument"),
        ("{{ ti.xcom_pull(key='k', 'a') }}", 1, 26, "positional argument after a keyword argument"),
        ("{{ ti.xcom_pull(task_ids=upstream) }}", 1, 26, "'upstream' is not a literal"),
        ("{{ ti.xcom_pull(task_ids='a', task_ids='b') }}", 1, 31, "argument 'task_ids' is given twice"),
        ("{{ ti.xcom_pull(task_ids='') }}", 1, 26, "task_ids must be a non-empty quoted string"),
        ("{{ ti.xcom_pull('a', key=3) }}", 1, 26, "key must be a non-empty quoted string"),
        ("{{ ti.xcom_pull('a', dag_id='x') }}", 1, 22, "argument 'dag_id' is not supported"),
        ("{{ ti.xcom_pull('a' 'b') }}", 1, 21, "expected ',' or ')'"),
        ("{{ ti.xcom_pull('a' }}", 1, 16, "is not closed"),
        ("line one\n  {{ ti.xcom_pull }}", 2, 6, "must be called"),
    ])
    func rejectsMalformedPull(template: String, line: Int, column: Int, message: String) throws {
        let errors = TemplateRenderer.validate(template, location: TemplateFixture.location)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.code == .badXComPull)
        #expect(error.taskId == "report" && error.field == "bash")
        #expect(error.line == line && error.column == column, "\(error)")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.description.hasPrefix("task 'report' field 'bash' \(line):\(column): ti.xcom_pull: "))
        #expect(TemplateFixture.render(template).hasPrefix("error: task 'report' field 'bash' \(line):\(column)"))
    }

    @Test func listsReferencesInOrderWithoutDuplicates() {
        let template = """
            {{ ti.xcom_pull('b') }} {{ ti.xcom_pull(task_ids=['a', 'b']) }}
            {% if ti.xcom_pull('c', key='k') %}{{ ti.xcom_pull("b") }}{% endif %}
            """
        #expect(TemplateRenderer.xcomReferences(in: template) == [
            XComKey(taskId: "b"), XComKey(taskId: "a"), XComKey(taskId: "c", key: "k"),
        ])
        #expect(TemplateRenderer.xcomReferences(in: "echo {{ ds }}").isEmpty)
        #expect(TemplateRenderer.xcomReferences(in: "{{ ti.xcom_pull() }}").isEmpty)
    }
}
