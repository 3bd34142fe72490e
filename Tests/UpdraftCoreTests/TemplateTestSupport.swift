import Foundation
import UpdraftCore

/// A fixed context for template tests: logical date 2026-03-08T00:00:00Z, interval to 03-09.
enum TemplateFixture {
    static let logicalDate = Date(timeIntervalSince1970: 1_772_928_000)  // 2026-03-08T00:00:00Z
    static let intervalEnd = Date(timeIntervalSince1970: 1_773_014_400)  // 2026-03-09T00:00:00Z
    static let location = TemplateLocation(taskId: "report", field: "bash")

    static var context: TemplateContext {
        TemplateContext(
            dagId: "sales",
            taskId: "report",
            runId: "scheduled__2026-03-08T00:00:00+00:00",
            logicalDate: logicalDate,
            dataIntervalStart: logicalDate,
            dataIntervalEnd: intervalEnd,
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
                XComKey(taskId: "count"): .double(0.5),
                XComKey(taskId: "list"): .array([.int(1), .string("x")]),
                XComKey(taskId: "object"): .object(["b": .int(2), "a": .string("y")]),
            ]
        )
    }

    /// Renders with the fixed context, or returns the error's description prefixed by "error: ".
    static func render(_ template: String, context: TemplateContext = context) -> String {
        do {
            return try TemplateRenderer.render(template, context: context, location: location)
        } catch {
            return "error: \(error.description)"
        }
    }
}
