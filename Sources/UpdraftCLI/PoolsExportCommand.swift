import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft pools export [FILE]`: every pool in Airflow's pools JSON.
struct PoolsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every pool as JSON in Airflow's form (to FILE, or standard output)."
    )

    @Argument(help: "The file to write; standard output when left out.")
    var file: String?

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Exports the pools; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let pools = try await store.pools().map { PoolSpec(name: $0.name, slots: $0.slots, description: $0.description) }
            let text = PoolsJSON.encode(pools)
            guard let file else {
                io.out(text)
                return 0
            }
            do {
                try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: file))
            } catch {
                io.err("error: cannot write \(file): \(error.localizedDescription)")
                return 1
            }
            io.out("exported \(pools.count) pool(s) to \(file)")
            return 0
        }
    }
}
