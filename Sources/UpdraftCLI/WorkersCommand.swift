import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft workers ...`: the CURVE client keys the scheduler lets in, kept in the store.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "Allow, revoke and list the client keys (workers, subscribers) the scheduler lets in.",
        discussion: """
            A key is a CURVE public key (Z85, or a .pub file from updraft keys generate). A worker \
            key connects to the executor and serves the queues given (--queues; all when omitted); \
            a subscriber key reads the event bus and the stats endpoint. A running scheduler \
            notices a change within a second: a revoked worker is dropped and its running tries \
            are retried as a lost worker's. Workers and tools that the scheduler spawns or that use \
            the home's own key need no entry.
            """,
        subcommands: [WorkersAllowCommand.self, WorkersRevokeCommand.self, WorkersListCommand.self]
    )
}

/// An allowed key as `updraft workers list --json` and `allow --json` print it (no secret:
/// the public key's fingerprint only).
struct AllowedKeyRow: Codable, Equatable {
    var name: String
    var role: String
    var queues: [String]
    var fingerprint: String
    var addedAt: String
    enum CodingKeys: String, CodingKey { case name, role, queues, fingerprint, addedAt = "added_at" }

    init(_ record: AllowedKeyRecord) {
        name = record.name
        role = record.role.rawValue
        queues = record.queues
        fingerprint = record.fingerprint
        addedAt = StoreAccess.format(record.addedAt)
    }
}
