import ArgumentParser
import Foundation
import Testing
import UpdraftCore
@testable import UpdraftCLI

@Suite("updraft dags validate / new")
struct DagsValidateCommandTests {
    func validate(_ args: [String]) async throws -> (Int32, CapturedIO) {
        let command: DagsValidateCommand = try parse(["dags", "validate"] + args)
        let captured = CapturedIO()
        return (try await command.execute(io: captured.io), captured)
    }

    @Test("every file under examples/ validates")
    func examples() async throws {
        let (code, captured) = try await validate([CLIPaths.examples])
        #expect(code == 0)
        #expect(captured.err.isEmpty)
        let summary = try #require(captured.out.split(separator: "\n").last)
        #expect(summary.hasSuffix(": OK"))
        #expect(summary.hasPrefix("8 DAGs, "))
        #expect(captured.out.contains("ok: daily_report ("))
    }

    @Test("a folder with one good and several broken files: every error with file:line:col, the good DAG listed, exit 1")
    func brokenFolder() async throws {
        let (code, captured) = try await validate([CLIPaths.broken])
        #expect(code == 1)
        #expect(captured.out.contains("ok: good_dag ("))
        #expect(captured.out.hasSuffix("1 DAG, 2 tasks, 3 files with errors (6 errors)"))
        let errors = captured.err.split(separator: "\n").map(String.init)
        #expect(errors.count == 6)
        #expect(errors.allSatisfy { $0.range(of: #"^/.+\.yml:\d+:\d+: error: "#, options: .regularExpression) != nil })
        #expect(errors.contains { $0.hasSuffix("cycle.yml:6:15: error: cycle in task dependencies: a -> b -> c -> a") })
        #expect(errors.contains { $0.contains("bad_values.yml:7:5: error: unknown key 'retires'") })
        #expect(errors.contains { $0.contains("bad_yaml.yml:6:4: error: invalid YAML") })
    }

    @Test("single files and a missing path; a dag_id in two files is an error for the later one")
    func filesAndDuplicates() async throws {
        let folder = try CLIPaths.temporaryFolder()
        let good = CLIPaths.broken + "/good.yml"
        try FileManager.default.copyItem(atPath: good, toPath: folder + "/copy.yml")
        let (code, captured) = try await validate([good, folder + "/copy.yml", folder + "/missing.yml"])
        #expect(code == 1)
        #expect(captured.err.contains("\(folder)/missing.yml: error: no such file or folder"))
        #expect(captured.err.contains("\(folder)/copy.yml:1:1: error: duplicate dag_id 'good_dag' (already defined in \(good))"))
        #expect(captured.out.contains("ok: good_dag (\(good))"))
    }

    @Test("new writes a YAML DAG that validates, with owner, retries, tags and a failure callback; never overwrites")
    func newYAML() async throws {
        let folder = try CLIPaths.temporaryFolder() + "/dags"
        let command: DagsNewCommand = try parse(["dags", "new", "sales_daily", "--output", folder])
        let captured = CapturedIO()
        #expect(command.execute(io: captured.io, today: Date(timeIntervalSince1970: 1_774_699_200)) == 0)
        let path = folder + "/sales_daily.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("owner: your-team"))
        #expect(text.contains("retries: 2"))
        #expect(text.contains("tags: [new]"))
        #expect(text.contains("start_date: 2026-03-28"))
        #expect(text.contains("  on_failure_callback:\n    - bash: "))
        let dag = try DagFileParser.parse(text, file: path).get()
        #expect(dag.dagId == "sales_daily")
        #expect(dag.tasks.count == 3)
        #expect(dag.validate().isEmpty)
        #expect(dag.tasks.allSatisfy { $0.callbacks[.failure] == [.bash(DagTemplates.failureCommand)] })

        let again = CapturedIO()
        #expect(command.execute(io: again.io, today: Date()) == 1)
        #expect(again.err.contains("already exists; not overwriting"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test("new --swift writes DSL code naming a function after the DAG")
    func newSwift() async throws {
        let folder = try CLIPaths.temporaryFolder()
        let command: DagsNewCommand = try parse(["dags", "new", "sales-daily", "--swift", "--output", folder])
        let captured = CapturedIO()
        #expect(command.execute(io: captured.io, today: Date()) == 0)
        let text = try String(contentsOfFile: folder + "/sales-daily.swift", encoding: .utf8)
        #expect(text.contains("func salesDailyDag() throws -> Dag"))
        #expect(text.contains("try Dag(\n        \"sales-daily\""))
        #expect(text.contains("SwiftTask(\"greet\")"))
        #expect(DagTemplates.functionName("9lives") == "dag9livesDag")
    }

    @Test("new refuses a bad DAG id before writing anything")
    func newBadId() throws {
        #expect(throws: (any Error).self) { try UpdraftCommand.parseAsRoot(["dags", "new", "bad id!"]) }
        do {
            _ = try UpdraftCommand.parseAsRoot(["dags", "new", "bad id!"])
        } catch {
            #expect(UpdraftCommand.message(for: error).contains("invalid DAG id 'bad id!'"))
            #expect(UpdraftCommand.exitCode(for: error) != .success)
        }
    }
}

@Suite("updraft dags new --swift output compiles")
struct NewSwiftTemplateTests {
    /// examples/swift-dags compiles a copy of the template (NewDagTemplate.swift); this keeps
    /// the copy identical to what `updraft dags new hello_swift --swift` writes today.
    @Test("the compiled copy in examples/swift-dags matches the template")
    func copyMatchesTemplate() throws {
        let path = CLIPaths.examples + "/swift-dags/Sources/SwiftDags/NewDagTemplate.swift"
        let copy = try String(contentsOfFile: path, encoding: .utf8)
        let body = String(copy.drop { $0 != "\n" }.dropFirst())
        let date = try #require(body.firstMatch(of: /startDate: "(\d{4}-\d{2}-\d{2})"/)).1
        #expect(body == DagTemplates.swift(dagId: "hello_swift", startDate: String(date)))
    }
}
