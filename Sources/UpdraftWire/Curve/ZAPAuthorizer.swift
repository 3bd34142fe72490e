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

/// One ZAP request (ZeroMQ RFC 27): who connects to which server socket, how.
public struct ZAPRequest: Sendable, Hashable {
    /// The server socket's ``CurveSecurity/server(_:zapDomain:)`` domain, e.g. `executor`.
    public var domain: String
    /// The client's address (IP for tcp; empty for ipc).
    public var address: String
    /// The client's routing id, when it set one (a worker's id).
    public var routingID: [UInt8]
    /// `CURVE`, `PLAIN` or `NULL`.
    public var mechanism: String
    /// The client's CURVE public key; nil for other mechanisms.
    public var clientKey: CurveKey?

    /// A request.
    public init(domain: String, address: String, routingID: [UInt8], mechanism: String, clientKey: CurveKey?) {
        self.domain = domain
        self.address = address
        self.routingID = routingID
        self.mechanism = mechanism
        self.clientKey = clientKey
    }
}

/// A ``ZAPAuthorizer``'s answer.
public enum ZAPDecision: Sendable, Hashable {
    /// Accepted: the connection's messages carry `userID` as their `User-Id` property.
    case allow(userID: String)
    /// Refused (ZAP status 400): the client's handshake fails; `reason` goes to the log.
    case deny(reason: String)
}
