import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft pools list`.
struct PoolsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pools.")

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists the pools; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let pools = try await store.pools()
            if options.json {
                io.out(try JSONOutput.encode(pools.map(PoolRow.init)))
            } else {
                let table = [["name", "slots", "description"]]
                    + pools.map { [$0.name, $0.slots < 0 ? "unlimited" : "\($0.slots)", $0.description] }
                TextTable.lines(table).forEach(io.out)
            }
            return 0
        }
    }
}
