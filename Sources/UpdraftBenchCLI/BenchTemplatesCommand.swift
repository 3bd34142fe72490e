import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftCore

/// `updraft bench templates`: validate and render a synthetic folder of templated tasks.
struct BenchTemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Time template validation and rendering over files × tasks synthetic templates."
    )

    @Option(help: "Number of synthetic DAG files.")
    var files = 1000

    @Option(help: "Templated tasks per file.")
    var tasks = 50

    @Option(help: "Repetitions; each prints its own line.")
    var runs = 3

    @Flag(help: "Make every block statement distinct (worst case: no memoised block checks).")
    var uniqueBlocks = false

    func validate() throws {
        guard files > 0, tasks > 0, runs > 0 else {
            throw ValidationError("--files, --tasks and --runs must be positive")
        }
    }

    func run() throws {
        let templates = TemplateBench.makeTemplates(files: files, tasksPerFile: tasks, uniqueBlocks: uniqueBlocks)
        let start = Date(timeIntervalSince1970: 1_772_928_000)
        let context = TemplateContext(
            dagId: "bench", taskId: "bench", runId: "manual__bench",
            logicalDate: start, dataIntervalStart: start, dataIntervalEnd: start.addingTimeInterval(86_400),
            params: ["full": .bool(true), "tables": .array([.string("a"), .string("b")])],
            variables: ["bucket": "s3://bench"],
            xcom: [XComKey(taskId: "extract_2", key: "path"): .string("/tmp/x")])
        for run in 1...runs {
            let result = TemplateBench.run(templates, context: context)
            let perValidate = Self.microseconds(result.validate) / Double(result.templates)
            let perRender = Self.microseconds(result.render) / Double(result.templates)
            print(String(
                format: "run %d: %d templates  validate %.1f ms (%.2f µs each)  render %.1f ms (%.2f µs each)  invalid %d",
                run, result.templates, Self.microseconds(result.validate) / 1000, perValidate,
                Self.microseconds(result.render) / 1000, perRender, result.invalid))
        }
    }

    private static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }
}
