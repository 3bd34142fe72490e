import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft pools import FILE`: Airflow's pools JSON (as `airflow pools export` writes it).
struct PoolsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create or update pools from a JSON file in Airflow's form.",
        discussion: #"FILE holds {"NAME": {"slots": N, "description": "..."}, ...} (slots -1: unlimited), as `airflow pools export` writes it. Nothing is changed when any pool in it is invalid."#
    )

    @Argument(help: "The JSON file ('-' reads standard input).")
    var file: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Imports the pools; returns the exit code.
    func execute(io: CommandIO, stdin: () -> String? = { String(data: FileHandle.standardInput.readDataToEndOfFile(), encoding: .utf8) }) async throws -> Int32 {
        let text: String?
        if file == "-" {
            text = stdin()
        } else {
            text = FileManager.default.contents(atPath: file).flatMap { String(data: $0, encoding: .utf8) }
        }
        guard let text else {
            io.err("error: cannot read \(file == "-" ? "standard input" : file) as UTF-8 text")
            return 1
        }
        let pools: [PoolSpec]
        switch PoolsJSON.decode(text) {
        case .success(let decoded): pools = decoded
        case .failure(let problem):
            io.err("error: \(file): \(problem); no pool was changed")
            return 1
        }
        return try await StoreAccess.run(options, io: io) { store in
            for pool in pools { try await store.setPool(PoolRecord(name: pool.name, slots: pool.slots, description: pool.description)) }
            if options.json {
                io.out(try JSONOutput.encode(pools.map { PoolRow(PoolRecord(name: $0.name, slots: $0.slots, description: $0.description)) }))
            } else {
                io.out("imported \(pools.count) pool(s): \(pools.map(\.name).joined(separator: ", "))")
            }
            return 0
        }
    }
}
