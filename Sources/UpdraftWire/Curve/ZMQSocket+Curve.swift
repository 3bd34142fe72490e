import CZeroMQ

extension ZMQSocket {
    /// `ZMQ_CURVE_SERVER`: this socket is the server side of CURVE handshakes.
    public func setCurveServer(_ on: Bool) throws(WireError) { try setOption(ZMQ_CURVE_SERVER, on ? 1 : 0) }
    /// `ZMQ_CURVE_SECRETKEY`: this socket's secret key.
    public func setCurveSecretKey(_ key: CurveKey) throws(WireError) { try setOption(ZMQ_CURVE_SECRETKEY, bytes: key.bytes) }
    /// `ZMQ_CURVE_PUBLICKEY`: this socket's public key.
    public func setCurvePublicKey(_ key: CurveKey) throws(WireError) { try setOption(ZMQ_CURVE_PUBLICKEY, bytes: key.bytes) }
    /// `ZMQ_CURVE_SERVERKEY`: (client) the server's public key; setting it makes this socket a CURVE client.
    public func setCurveServerKey(_ key: CurveKey) throws(WireError) { try setOption(ZMQ_CURVE_SERVERKEY, bytes: key.bytes) }
    /// `ZMQ_ZAP_DOMAIN`: the domain sent to the ZAP handler for this socket's clients.
    public func setZAPDomain(_ domain: String) throws(WireError) { try setOption(ZMQ_ZAP_DOMAIN, bytes: Array(domain.utf8)) }
    /// `ZMQ_ZAP_ENFORCE_DOMAIN`: refuse clients when no ZAP handler answers (libzmq's default accepts them).
    public func setZAPEnforceDomain(_ on: Bool) throws(WireError) { try setOption(Self.zapEnforceDomain, on ? 1 : 0) }

    /// `ZMQ_ZAP_ENFORCE_DOMAIN` (93): zmq.h 4.3.4 declares it only under `ZMQ_BUILD_DRAFT_API`,
    /// but the library honours it in every build (checked: without it, a CURVE server with no
    /// ZAP handler accepts any client key; with it, that client is refused).
    static let zapEnforceDomain: Int32 = 93

    /// Applies `curve` (before bind or connect).
    /// - Throws: `WireError` when libzmq refuses an option (e.g. built without CURVE).
    public func apply(_ curve: CurveSecurity) throws(WireError) {
        guard CurveSupport.isAvailable else {
            throw WireError(.misuse, message: CurveSupport.unavailableMessage, operation: "setsockopt(ZMQ_CURVE_SERVER)")
        }
        switch curve {
        case .server(let pair, let domain):
            try setZAPDomain(domain)
            try setZAPEnforceDomain(true)
            try setCurveSecretKey(pair.secretKey)
            try setCurveServer(true)
        case .client(let pair, let serverKey):
            try setCurvePublicKey(pair.publicKey)
            try setCurveSecretKey(pair.secretKey)
            try setCurveServerKey(serverKey)
        }
    }
}

extension ZMQSocket {
    /// A metadata property (`User-Id`, `Peer-Address`, `Socket-Type`...) of the frame last
    /// received on this socket; nil when the connection has none. Call it inside
    /// ``receive(dontWait:_:)``'s body, while the frame is current.
    public func messageProperty(_ name: String) -> String? {
        guard let value = zmq_msg_gets(message, name) else { return nil }
        return String(cString: value)
    }
}
