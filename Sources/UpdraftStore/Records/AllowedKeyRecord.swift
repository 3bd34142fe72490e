import Foundation

/// What a client key allowed by the scheduler may connect to.
public enum ClientKeyRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// A worker: the executor's socket only (its queues limited by ``AllowedKeyRecord/queues``).
    case worker
    /// A subscriber: the event bus and the stats endpoint only (`updraft stats`, an
    /// `api-server` elsewhere, another deployment's remote `external_task` sensors).
    case subscriber
}

/// A CURVE client public key the scheduler lets in (`updraft workers allow`): its name is
/// the `User-Id` its connections carry; never a secret (a public key is not one).
public struct AllowedKeyRecord: Sendable, Hashable {
    /// The name it is allowed under (unique).
    public var name: String
    /// The public key, 40 characters of Z85 (unique).
    public var publicKey: String
    /// What it may connect to.
    public var role: ClientKeyRole
    /// The queues a worker key may serve, sorted; empty: every queue.
    public var queues: [String]
    /// When it was allowed.
    public var addedAt: Date

    /// A record (`queues` kept sorted and without duplicates).
    public init(name: String, publicKey: String, role: ClientKeyRole, queues: [String] = [], addedAt: Date) {
        self.name = name
        self.publicKey = publicKey
        self.role = role
        self.queues = Array(Set(queues)).sorted()
        self.addedAt = addedAt
    }

    /// What is wrong with it, one sentence each naming the field (empty when storable).
    public var problems: [String] {
        var problems: [String] = []
        if name.isEmpty { problems.append("name is empty") }
        if name.contains(where: { $0.isWhitespace || $0.isNewline }) { problems.append("name '\(name)' contains whitespace") }
        if publicKey.utf8.count != 40 { problems.append("key is \(publicKey.utf8.count) characters, a Z85 CURVE key has 40") }
        if queues.contains(where: \.isEmpty) { problems.append("queues has an empty queue name") }
        if let bad = queues.first(where: { $0.contains(",") }) { problems.append("queue '\(bad)' contains a comma") }
        if role == .subscriber && !queues.isEmpty { problems.append("queues are for workers; a subscriber key has none") }
        return problems
    }

    /// The first 8 characters of the key: what lists and logs show.
    public var fingerprint: String { String(publicKey.prefix(8)) }

    /// The queues as stored: comma-separated, empty for all.
    var queuesColumn: String { queues.joined(separator: ",") }

    /// Queues from their column.
    static func queues(fromColumn text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}

/// What ``MetaStore/allowKey(_:)`` did.
public enum AllowKeyOutcome: Sendable, Hashable {
    /// Stored.
    case added
    /// Another key already has this name: nothing changed.
    case nameTaken
    /// This key is already allowed under the given name: nothing changed.
    case keyTaken(name: String)
}
