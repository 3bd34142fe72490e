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
