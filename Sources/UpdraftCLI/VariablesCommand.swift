import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft variables ...`: key/value settings that tasks read (`{{ var.value.KEY }}`).
struct VariablesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "variables",
        abstract: "Get, set, list and delete variables.",
        subcommands: [VariablesGetCommand.self, VariablesSetCommand.self, VariablesListCommand.self,
                      VariablesDeleteCommand.self]
    )
}

/// A variable as the variables commands print it in JSON.
struct VariableRow: Codable, Equatable {
    var key: String
    var value: String
}

/// `updraft variables get KEY`: prints the value; exit 1 when there is none.
struct VariablesGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a variable's value.")

    @Argument(help: "The key.")
    var key: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Prints the value; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(home: options.updraftHome, io: io) { store in
            guard let value = try await store.variable(key) else {
                io.err("error: no variable '\(key)'")
                return 1
            }
            io.out(options.json ? try JSONOutput.encode(VariableRow(key: key, value: value)) : value)
            return 0
        }
    }
}

/// `updraft variables set KEY VALUE`.
struct VariablesSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a variable.")

    @Argument(help: "The key.")
    var key: String

    @Argument(help: "The value (a string; JSON text is kept as written).")
    var value: String

    @OptionGroup var options: HomeOptions

    func validate() throws {
        if key.isEmpty { throw ValidationError("the variable key must not be empty") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Sets the variable; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(home: options.updraftHome, io: io) { store in
            try await store.setVariable(key, value)
            io.out(options.json ? try JSONOutput.encode(VariableRow(key: key, value: value)) : "set variable '\(key)'")
            return 0
        }
    }
}

/// `updraft variables list`.
struct VariablesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every variable.")

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists the variables; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(home: options.updraftHome, io: io) { store in
            let rows = try await store.variables().sorted { $0.key < $1.key }.map { VariableRow(key: $0.key, value: $0.value) }
            if options.json {
                io.out(try JSONOutput.encode(rows))
            } else if rows.isEmpty {
                io.out("no variables")
            } else {
                TextTable.lines([["key", "value"]] + rows.map { [$0.key, $0.value] }).forEach(io.out)
            }
            return 0
        }
    }
}

/// `updraft variables delete KEY`: exit 1 when there is no such variable.
struct VariablesDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a variable.")

    @Argument(help: "The key.")
    var key: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Deletes the variable; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(home: options.updraftHome, io: io) { store in
            guard try await store.deleteVariable(key) else {
                io.err("error: no variable '\(key)'")
                return 1
            }
            io.out(options.json ? try JSONOutput.encode(["deleted": key]) : "deleted variable '\(key)'")
            return 0
        }
    }
}
