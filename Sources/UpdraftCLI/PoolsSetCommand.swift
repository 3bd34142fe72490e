import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft pools set NAME SLOTS [--description TEXT]`.
struct PoolsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Create or update a pool.",
        discussion: "SLOTS is a whole number of slots, or 'unlimited' (also `-- -1`). Without --description an existing pool keeps its description."
    )

    @Argument(help: "The pool name.")
    var name: String

    @Argument(help: ArgumentHelp("Number of slots, or 'unlimited'.", valueName: "slots"))
    var slots: String

    @Option(help: "Free text describing the pool.")
    var description: String?

    @OptionGroup var options: HomeOptions

    /// The slots SLOTS names, nil when it is not a count.
    var slotCount: Int? {
        if slots == "unlimited" || slots == "-1" { return -1 }
        guard let n = Int(slots), n >= 0 else { return nil }
        return n
    }

    func validate() throws {
        if name.isEmpty || name.contains(where: \.isWhitespace) {
            throw ValidationError("pool name '\(name)' must be non-empty with no spaces")
        }
        if slotCount == nil {
            throw ValidationError("slots '\(slots)' is not a number of slots: use 0 or more, or 'unlimited'")
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Sets the pool; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        guard let count = slotCount else {
            io.err("error: slots '\(slots)' is not a number of slots: use 0 or more, or 'unlimited'")
            return 1
        }
        return try await StoreAccess.run(options, io: io) { store in
            let old = try await store.pools().first { $0.name == name }
            let pool = PoolRecord(name: name, slots: count, description: description ?? old?.description ?? "")
            try await store.setPool(pool)
            if options.json {
                io.out(try JSONOutput.encode(PoolRow(pool)))
            } else {
                io.out("\(old == nil ? "created" : "updated") pool '\(name)': "
                    + (count < 0 ? "unlimited slots" : "\(count) slot(s)"))
            }
            return 0
        }
    }
}
