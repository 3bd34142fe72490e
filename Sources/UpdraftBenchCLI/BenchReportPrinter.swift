import Foundation

/// How the bench commands print a report: one JSON object (sorted keys) with `--json`,
/// else its text summary.
enum BenchReportPrinter {
    static func print<R: Encodable>(_ report: R, json: Bool, text: @autoclosure () -> String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            Swift.print(text())
        }
    }
}
