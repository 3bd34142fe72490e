import Synchronization

/// An in-memory allow-list of client public keys, each with a name: a plain ``ZAPAuthorizer``
/// (benchmarks, tests). A scheduler process uses `ClientAccessList` (UpdraftRuntime: roles and
/// queues per key, the store's keys). Only CURVE clients whose key
/// is listed are accepted, with `User-Id` = the key's name; everything else is refused.
/// Keys may be added and removed while the handler runs (a revoked key is refused from its
/// next handshake; connections already made stay up).
///
/// ```swift
/// let allowed = CurveAllowList(["local-workers": homeClientKey.publicKey])
/// let zap = try ZAPHandler(context: loop.context, authorizer: allowed)
/// ```
public final class CurveAllowList: ZAPAuthorizer {
    private let names: Mutex<[CurveKey: String]>

    /// A list of `name: key` entries.
    public init(_ entries: [String: CurveKey] = [:]) {
        names = Mutex(Dictionary(entries.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Allows `key` under `name` (replacing its previous name).
    public func allow(_ key: CurveKey, name: String) { names.withLock { $0[key] = name } }

    /// Stops allowing `key`.
    public func revoke(_ key: CurveKey) { _ = names.withLock { $0.removeValue(forKey: key) } }

    /// The name `key` is allowed under, if it is.
    public func name(of key: CurveKey) -> String? { names.withLock { $0[key] } }

    /// How many keys are allowed.
    public var count: Int { names.withLock { $0.count } }

    /// Allows a listed CURVE key (user id = its name); denies the rest.
    public func authorize(_ request: ZAPRequest) -> ZAPDecision {
        guard request.mechanism == "CURVE", let key = request.clientKey else {
            return .deny(reason: "mechanism \(request.mechanism) is not CURVE")
        }
        guard let name = name(of: key) else { return .deny(reason: "key \(key.fingerprint)… is not allowed") }
        return .allow(userID: name)
    }
}
