import Synchronization
import UpdraftStore
import UpdraftWire

/// The current ``ClientAccessSnapshot`` of a scheduler process: the ``ZAPAuthorizer`` of its
/// ZAP handler (answered on the handler's thread from memory) and the ``WorkerAccess`` of its
/// executor. ``AllowListRefresher`` replaces the stored part when the store's allow-list
/// version moves.
public final class ClientAccessList: ZAPAuthorizer, WorkerAccess {
    private let current: Mutex<ClientAccessSnapshot>

    /// A list of fixed keys (`name: key`), and no stored ones yet.
    public init(fixed: [String: CurveKey] = [:]) {
        current = Mutex(ClientAccessSnapshot(
            fixed: Dictionary(fixed.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })))
    }

    /// The snapshot now.
    public var snapshot: ClientAccessSnapshot { current.withLock { $0 } }

    /// Replaces the stored keys; returns whether anything changed.
    @discardableResult
    public func replaceStored(_ records: [AllowedKeyRecord]) -> Bool {
        current.withLock { snapshot in
            let next = snapshot.replacingStored(records)
            defer { snapshot = next }
            return next != snapshot
        }
    }

    /// See ``ClientAccessSnapshot/decide(_:)``.
    public func authorize(_ request: ZAPRequest) -> ZAPDecision { current.withLock { $0.decide(request) } }

    /// See ``ClientAccessSnapshot/workerGrant(userID:)``.
    public func workerGrant(userID: String) -> WorkerGrant { current.withLock { $0.workerGrant(userID: userID) } }
}
