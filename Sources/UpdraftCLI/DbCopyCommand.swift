import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft db copy --from sqlite:///HOME/updraft.db --to postgres://...`: moves a home's
/// store into an empty PostgreSQL (or SQLite) store, checked by row counts per table.
struct DbCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a metadata store into an empty one (e.g. a standalone home's SQLite into PostgreSQL).",
        discussion: """
            Copies DAGs (with their paused flag), DAG runs, task instances, XComs, pools, \
            variables (sensitive marks kept), import errors, registered workers, connections \
            (still sealed with the home's secret.key: use the same home's key with the new \
            store) and API users with their tokens. The target must be empty (a new \
            database: only default_pool); a non-empty one is refused and nothing is written. \
            Prints the rows of each table in both stores; exit status 1 when they differ. \
            Stop the scheduler first: a copy of a store that is being written may miss rows.
            """
    )

    @Option(help: ArgumentHelp("The store to copy: sqlite:///path/updraft.db or postgres://... .", valueName: "url"))
    var from: String

    @Option(help: ArgumentHelp("The empty store to copy into: postgres://user:password@host:5432/db or sqlite:///... .",
                               valueName: "url"))
    var to: String

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    /// The `--json` document.
    struct Output: Codable, Equatable {
        var from: String
        var to: String
        var source: [String: Int]
        var target: [String: Int]
        var matches: Bool
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Copies; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        let source: StoreLocation, target: StoreLocation
        do {
            source = try StoreLocation(parsing: from)
            target = try StoreLocation(parsing: to)
        } catch {
            io.err("error: \(error)")
            return 2
        }
        guard source != target else {
            io.err("error: --from and --to name the same store (\(source)); copy into another, empty one")
            return 2
        }
        guard source.mayHoldData else {
            io.err("error: --from \(source): no such SQLite file; name a home's updraft.db")
            return 1
        }
        let from: any ManagedStore
        switch await StoreOpening.open(source, io: io) {
        case .opened(let opened): from = opened
        case .failed(let code): return code
        }
        let into: any ManagedStore
        switch await StoreOpening.open(target, io: io) {
        case .opened(let opened): into = opened
        case .failed(let code):
            await from.close()
            return code
        }
        let report: StoreCopier.Report
        do {
            report = try await StoreCopier(source: from, target: into).copy()
        } catch let error as StoreError {
            io.err("error: \(error)")
            await from.close()
            await into.close()
            return 1
        }
        await from.close()
        await into.close()
        let output = Output(from: source.displayName, to: target.displayName, source: report.source, target: report.target,
                            matches: report.mismatched.isEmpty)
        if json {
            io.out(try JSONOutput.encode(output))
        } else {
            io.out("copied \(source.displayName) -> \(target.displayName)")
            TextTable.lines([["TABLE", "SOURCE", "TARGET"]] + StoreCopier.tables.map {
                [$0, String(report.source[$0, default: 0]), String(report.target[$0, default: 0])]
            }).forEach(io.out)
            io.out(output.matches ? "row counts match" : "error: row counts differ in \(report.mismatched.joined(separator: ", "))")
        }
        return output.matches ? 0 : 1
    }
}
