import Testing
import UpdraftCore

@Suite("Template rendering from many tasks")
struct TemplateConcurrencyTests {
    @Test func concurrentRendersAgree() async {
        let templates = (0..<64).map { index in
            "{% for t in params.tables %}{{ t | upper }}{% endfor %}-\(index)-{{ ti.xcom_pull('extract') }}-{{ ds }}"
        }
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for (index, template) in templates.enumerated() {
                group.addTask {
                    // validate shares the block-check cache between tasks; its answer must not change.
                    let errors = TemplateRenderer.validate(template + "{% if x %}")
                    let verdict = errors.map { "\($0.code)" } == ["bad-block"] ? "" : "bad validate: \(errors)"
                    return (index, verdict + TemplateFixture.render(template))
                }
            }
            var results: [Int: String] = [:]
            for await (index, text) in group { results[index] = text }
            return results
        }
        for index in templates.indices {
            #expect(results[index] == "AB-\(index)-/tmp/out.csv-2026-03-08")
        }
    }
}
