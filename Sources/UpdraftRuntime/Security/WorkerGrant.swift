/// What a worker's connection may serve, as its CURVE key allows
/// (``ClientAccessSnapshot/workerGrant(userID:)``): a pure value the executor checks at the
/// hello and again at every dispatch.
public enum WorkerGrant: Sendable, Hashable {
    /// Every queue: an `inproc://` or plaintext peer (no key), the home's key, an
    /// `--allow-key` file, or a stored worker key with no queue list.
    case allQueues
    /// Only these queues (`updraft workers allow KEY --queues etl,heavy`).
    case queues(Set<String>)
    /// Not as a worker at all (revoked, a subscriber key, unknown): the sentence says why.
    case denied(String)

    /// Whether a try of `queue` may go to the worker.
    public func permits(queue: String) -> Bool {
        switch self {
        case .allQueues: true
        case .queues(let allowed): allowed.contains(queue)
        case .denied: false
        }
    }

    /// Why a hello for `queues` from the key named `userID` is refused, or nil when it may
    /// register: the first queue (sorted) the key may not serve is named.
    public func refusal(forHello queues: [String], userID: String?) -> String? {
        let who = userID.map { "key '\($0)'" } ?? "this worker"
        switch self {
        case .allQueues:
            return nil
        case .denied(let reason):
            return reason
        case .queues(let allowed):
            guard let queue = queues.sorted().first(where: { !allowed.contains($0) }) else { return nil }
            return "\(who) may not serve queue '\(queue)' (allowed: \(allowed.sorted().joined(separator: ",")))"
        }
    }
}

/// Where the executor learns a connection's ``WorkerGrant`` from its ZAP `User-Id`
/// (``ClientAccessList``). Called on the executor's actor: answer from memory.
public protocol WorkerAccess: Sendable {
    /// The grant of connections whose `User-Id` is `userID`.
    func workerGrant(userID: String) -> WorkerGrant
}
