import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft pools ...`: named limits on how many task slots run at once.
struct PoolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pools",
        abstract: "List, set and delete pools (named limits on running task slots).",
        subcommands: [PoolsListCommand.self, PoolsSetCommand.self, PoolsDeleteCommand.self]
    )
}

/// A pool as the pools commands print it.
struct PoolRow: Codable, Equatable {
    var name: String
    var slots: Int
    var description: String

    init(_ pool: PoolRecord) {
        name = pool.name
        slots = pool.slots
        description = pool.description
    }
}

/// `updraft pools list`.
struct PoolsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pools.")

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists the pools; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(home: options.updraftHome, io: io) { store in
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

/// `updraft pools set NAME SLOTS [--description TEXT]`.
struct PoolsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Create or update a pool.",
        discussion: "SLOTS is a whole number of slots, or 'unlimited' (also -1). Without --description an existing pool keeps its description."
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
        return try await StoreAccess.run(home: options.updraftHome, io: io) { store in
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

/// `updraft pools delete NAME`.
struct PoolsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a pool (not default_pool).")

    @Argument(help: "The pool name.")
    var name: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Deletes the pool; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(home: options.updraftHome, io: io) { store in
            guard try await store.deletePool(name: name) else {
                let names = try await store.pools().map(\.name)
                io.err("error: no pool '\(name)' (pools: \(names.joined(separator: ", ")))")
                return 1
            }
            if options.json {
                io.out(try JSONOutput.encode(["deleted": name]))
            } else {
                io.out("deleted pool '\(name)'")
            }
            return 0
        }
    }
}
