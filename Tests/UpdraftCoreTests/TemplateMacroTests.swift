import Foundation
import Testing
import UpdraftCore

@Suite("Template macros")
struct TemplateMacroTests {
    @Test(arguments: [
        ("{{ macros.ds_add(ds, 7) }}", "2026-03-15"),
        ("{{ macros.ds_add(ds, -8) }}", "2026-02-28"),
        ("{{ macros.ds_add('2024-02-28', 1) }}", "2024-02-29"),
        ("{{ macros.ds_add(\"2025-12-31\", 1) }}", "2026-01-01"),
        ("{{ macros.ds_add(ds, params.limit) }}", "2026-03-18"),
        ("{{ macros.ds_add( ds ,  1 ) | replace('-', '') }}", "20260309"),
        ("{{ macros.ds_format(ds, '%Y-%m-%d', '%d/%m/%Y') }}", "08/03/2026"),
        ("{{ macros.ds_format(ts_nodash, '%Y%m%dT%H%M%S', '%Y-%m-%d-%H-%M') }}", "2026-03-08-00-00"),
        ("{{ logical_date.strftime('%Y/%m/%d %H:%M') }}", "2026/03/08 00:00"),
        ("{{ data_interval_end.strftime(\"%A %d %B %Y, day %j, %I%p %a %b %y\") }}",
         "Monday 09 March 2026, day 068, 12AM Mon Mar 26"),
        ("{{ dag_run.logical_date.strftime('%Y%m') }}", "202603"),
        ("{{ logical_date.strftime('%z %Z %% %q') }}", "+0000 UTC % %q"),
        ("{{ logical_date.isoformat() }}", "2026-03-08T00:00:00+00:00"),
        ("{% if macros.ds_add(ds, 1) == '2026-03-09' %}tomorrow{% endif %}", "tomorrow"),
        ("{{ dag_run.conf.get('who') }}", "ops"),
        ("{{ dag_run.conf.get('day', ds) }}", "2026-03-08"),
        ("{{ dag_run.conf.get(\"who\", 'nobody') | upper }}", "OPS"),
        ("{{ var.value.get('bucket', 'fallback') }}", "s3://data"),
        ("{{ var.value.get('my.var', 'fallback') }}", "fallback"),
        ("{{ var.json.get('settings').mode }}", "fast"),
        ("{{ params.get('region') }}", "eu"),
    ])
    func rendersMacro(template: String, expected: String) {
        #expect(TemplateFixture.render(template) == expected)
        #expect(TemplateRenderer.validate(template).isEmpty)
    }

    @Test func formatsOtherDates() {
        var context = TemplateFixture.context
        context.logicalDate = Date(timeIntervalSince1970: 946_645_500)  // 1999-12-31T13:05:00Z
        #expect(TemplateFixture.render("{{ logical_date.strftime('%A %j %I%p') }}", context: context) == "Friday 365 01PM")
    }

    @Test(arguments: [
        ("{{ macros.ds_add(ds) }}", TemplateError.Code.syntax, "'macros.ds_add' takes 2 arguments (ds, days), got 1"),
        ("{{ logical_date.strftime() }}", .syntax, "takes 1 argument (format), got 0"),
        ("{{ params.x | default(macros.ds_add(ds, 1)) }}", .unsupportedCall, "must start an expression"),
        ("{{ logical_date.replace(day=1) }}", .unsupportedCall, "calling 'logical_date.replace(...)' is not supported"),
        ("{{ dag_run.conf.get() }}", .syntax, "takes 1 or 2 arguments (key, default), got 0"),
    ])
    func rejectsMalformedMacro(template: String, code: TemplateError.Code, message: String) throws {
        let error = try #require(TemplateRenderer.validate(template).first)
        #expect(error.code == code)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test(arguments: [
        ("{{ macros.ds_add('03/08/2026', 1) }}", "macros.ds_add needs a 'YYYY-MM-DD' date"),
        ("{{ macros.ds_format(ds, '%d/%m/%Y', '%Y') }}", "macros.ds_format could not read '2026-03-08'"),
        ("{{ ds.strftime('%Y') }}", "strftime needs a date"),
    ])
    func reportsMacroRenderErrors(template: String, message: String) {
        #expect(TemplateRenderer.validate(template).isEmpty)
        #expect(TemplateFixture.render(template).hasPrefix("error: task 'report' field 'bash' 1:1: \(message)"))
    }
}
