import UpdraftStore
import UpdraftWire

/// Who may connect to which of a scheduler's CURVE sockets, and which queues a worker key
/// may serve: the keys the process allows by itself (*fixed*: the home's `client.pub`, which
/// spawned workers and the home's tools use, and `--allow-key` files: every socket, every
/// queue) and the keys in the store (`updraft workers allow`, with a role and queues).
/// A pure value: ``ClientAccessList`` holds the current one.
///
/// Roles by ZAP domain: `executor` takes `worker` keys; `events` and `stats` take
/// `subscriber` keys. A worker key is not a subscriber key, nor the other way round.
public struct ClientAccessSnapshot: Sendable, Hashable {
    /// Fixed keys, by key: every domain, every queue.
    public private(set) var fixed: [CurveKey: String]
    /// Stored keys, by key.
    public private(set) var stored: [CurveKey: AllowedKeyRecord] = [:]
    private var storedByName: [String: AllowedKeyRecord] = [:]
    /// Stored records whose key is not Z85 (written by hand into the store): never allowed.
    public private(set) var unusable: [String] = []

    /// Fixed keys only.
    public init(fixed: [CurveKey: String] = [:]) { self.fixed = fixed }

    /// This snapshot with the store's records in place of the previous ones.
    public func replacingStored(_ records: [AllowedKeyRecord]) -> ClientAccessSnapshot {
        var next = self
        next.stored = [:]
        next.storedByName = [:]
        next.unusable = []
        for record in records {
            guard let key = try? CurveKey(z85: record.publicKey) else {
                next.unusable.append(record.name)
                continue
            }
            next.stored[key] = record
            next.storedByName[record.name] = record
        }
        return next
    }

    /// The role a ZAP domain asks for; nil for a domain Updraft does not serve.
    public static func role(forDomain domain: String) -> ClientKeyRole? {
        switch domain {
        case ServerSecurity.executorDomain: .worker
        case ServerSecurity.eventsDomain, ServerSecurity.statsDomain: .subscriber
        default: nil
        }
    }

    /// The ZAP answer for one handshake: the key's name as `User-Id`, or why not.
    public func decide(_ request: ZAPRequest) -> ZAPDecision {
        guard request.mechanism == "CURVE", let key = request.clientKey else {
            return .deny(reason: "mechanism \(request.mechanism) is not CURVE")
        }
        if let name = fixed[key] { return .allow(userID: name) }
        guard let record = stored[key] else { return .deny(reason: "key \(key.fingerprint)… is not allowed") }
        if fixed.values.contains(record.name) {
            return .deny(reason: "key '\(record.name)' (\(key.fingerprint)…) has the name of a key this scheduler allows by itself")
        }
        guard let role = Self.role(forDomain: request.domain) else {
            return .deny(reason: "key '\(record.name)' (\(key.fingerprint)…): no role may use ZAP domain '\(request.domain)'")
        }
        guard record.role == role else {
            return .deny(reason: "key '\(record.name)' (\(key.fingerprint)…) has role \(record.role.rawValue); the \(request.domain) socket takes \(role.rawValue) keys")
        }
        return .allow(userID: record.name)
    }

    /// What a worker connected with `User-Id` `userID` may serve now.
    public func workerGrant(userID: String) -> WorkerGrant {
        if fixed.values.contains(userID) { return .allQueues }
        guard let record = storedByName[userID] else { return .denied("key '\(userID)' is no longer allowed (revoked)") }
        guard record.role == .worker else { return .denied("key '\(userID)' has role \(record.role.rawValue), not worker") }
        return record.queues.isEmpty ? .allQueues : .queues(Set(record.queues))
    }
}
