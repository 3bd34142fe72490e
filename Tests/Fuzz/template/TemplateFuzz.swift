import Foundation
import UpdraftCore

/// The input as a templated field (`bash:`, `env:` values). Properties (as the unit test
/// `TemplateFuzzTests` checks on generated fragments, here on anything):
/// - nothing traps; errors are `TemplateError` (typed throws) with a line and column >= 1;
/// - when `validate` finds an error, `render` throws that same first error;
/// - text without `{` renders as itself; rendering is deterministic.
enum TemplateFuzz {
    static let location = TemplateLocation(taskId: "report", field: "bash")
    static let logicalDate = Date(timeIntervalSince1970: 1_772_928_000)  // 2026-03-08T00:00:00Z

    static let context = TemplateContext(
        dagId: "sales", taskId: "report", runId: "scheduled__2026-03-08T00:00:00+00:00",
        logicalDate: logicalDate, dataIntervalStart: logicalDate,
        dataIntervalEnd: logicalDate.addingTimeInterval(86_400),
        params: [
            "region": .string("eu"), "limit": .int(10), "ratio": .double(2.5), "dry": .bool(true),
            "tables": .array([.string("a"), .string("b")]),
            "nested": .object(["inner": .string("deep")]), "nothing": .null,
        ],
        variables: ["bucket": "s3://data", "settings": #"{"mode": "fast", "sizes": [1, 2]}"#],
        conf: ["full": .bool(false), "who": .string("ops")],
        tryNumber: 2,
        xcom: [
            XComKey(taskId: "extract"): .string("/tmp/out.csv"),
            XComKey(taskId: "extract", key: "rows"): .int(42),
            XComKey(taskId: "list"): .array([.int(1), .string("x")]),
        ]
    )

    static func check(_ template: String) {
        let errors = TemplateRenderer.validate(template, location: location)
        _ = TemplateRenderer.warnings(template)
        _ = TemplateRenderer.xcomReferences(in: template)
        for error in errors {
            FuzzCheck.require(error.line >= 1 && error.column >= 1, "\(template.debugDescription): \(error)")
        }
        let rendered = render(template)
        if !TemplateRenderer.mayContainTags(template) {
            FuzzCheck.require((try? rendered.get()) == template, "text without tags changed: \(template.debugDescription)")
        }
        if let first = errors.first {
            switch rendered {
            case .success(let text):
                FuzzCheck.require(false, "validate rejected \(template.debugDescription) (\(first)) but render gave \(text.debugDescription)")
            case .failure(let error):
                FuzzCheck.require(error == first, "\(template.debugDescription): validate says \(first), render \(error)")
            }
        }
        FuzzCheck.require(render(template) == rendered, "rendering \(template.debugDescription) twice differs")
    }

    private static func render(_ template: String) -> Result<String, TemplateError> {
        Result { () throws(TemplateError) in try TemplateRenderer.render(template, context: context, location: location) }
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func templateFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    TemplateFuzz.check(FuzzCheck.text(data, size))
    return 0
}
