/// CurveZMQ settings of one socket (``PortOptions/curve``): which side of the handshake it
/// is and with which keys. libzmq applies them to `tcp://` and `ipc://` connections;
/// `inproc://` connections of the same socket stay plain (libzmq runs no handshake there).
///
/// ```swift
/// var server = PortOptions()
/// server.curve = .server(schedulerKeys, zapDomain: "executor")     // ZAP handler decides
/// var client = PortOptions()
/// client.curve = .client(workerKeys, serverKey: schedulerKeys.publicKey)
/// ```
public enum CurveSecurity: Sendable, Hashable {
    /// A CURVE server (`ZMQ_CURVE_SERVER`) with its key pair. Every client is checked by
    /// the context's ``ZAPHandler`` under `zapDomain`; `ZMQ_ZAP_ENFORCE_DOMAIN` is set, so
    /// with no handler running every client is refused (libzmq's default would accept any key).
    case server(CurveKeyPair, zapDomain: String)
    /// A CURVE client with its own key pair, talking to the server whose public key is `serverKey`.
    case client(CurveKeyPair, serverKey: CurveKey)

    /// The ZAP domain of a server; nil for a client.
    public var zapDomain: String? {
        if case .server(_, let domain) = self { return domain }
        return nil
    }
}
