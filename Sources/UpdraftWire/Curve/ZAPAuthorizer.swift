/// Decides who may finish a CURVE handshake with this process's server sockets: asked by
/// the ``ZAPHandler`` once per connecting client, on the handler's own thread.
///
/// Answer quickly and without I/O (keep what you decide from in memory: a store-backed
/// allow-list keeps a snapshot and refreshes it on change); a slow answer delays every
/// handshake of the process. ``CurveAllowList`` is the in-memory implementation.
public protocol ZAPAuthorizer: Sendable {
    /// Allow (with the user id peers' messages will carry as `User-Id`) or deny `request`.
    func authorize(_ request: ZAPRequest) -> ZAPDecision
}
