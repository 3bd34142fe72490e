import CZeroMQ

/// A security handshake of a connecting socket that failed, as libzmq's socket monitor
/// reports it (``PortOptions/onHandshakeFailure``): why a CURVE client never gets through.
public struct HandshakeFailure: Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The server's ZAP handler answered this status (400: this client's key is not allowed).
        case refused(status: Int)
        /// One side speaks CURVE and the other does not (a client without keys, or a
        /// `--insecure-plaintext` server).
        case mechanismMismatch
        /// Another ZMTP or ZAP protocol error (libzmq's `ZMQ_PROTOCOL_ERROR_*` code).
        case protocolError(code: UInt32)
        /// The connection ended during the handshake without a reason: with CURVE, the
        /// server could not read this client's hello, i.e. the client has the wrong server key.
        case noDetail(errno: Int32)
    }

    /// What went wrong.
    public var kind: Kind
    /// The endpoint of the connection.
    public var endpoint: String

    /// A failure.
    public init(kind: Kind, endpoint: String) {
        self.kind = kind
        self.endpoint = endpoint
    }

    /// The monitor event (`ZMQ_EVENT_HANDSHAKE_FAILED_*`) as a failure; nil for other events.
    init?(event: UInt16, value: UInt32, endpoint: String) {
        switch Int32(event) {
        case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: kind = .refused(status: Int(value))
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
            kind = value == UInt32(ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH) ? .mechanismMismatch : .protocolError(code: value)
        case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: kind = .noDetail(errno: Int32(bitPattern: value))
        default: return nil
        }
        self.endpoint = endpoint
    }

    /// A sentence naming the endpoint, the likely cause and the fix.
    public var description: String {
        switch kind {
        case .refused(let status):
            "\(endpoint) refused this client's CURVE key (ZAP status \(status)): the server must allow its public key (updraft workers allow FILE.pub --name NAME)"
        case .mechanismMismatch:
            "\(endpoint) and this client disagree on CURVE: one side runs with --insecure-plaintext (or this client has no keys)"
        case .protocolError(let code):
            "security handshake with \(endpoint) failed (ZMTP/ZAP protocol error 0x\(String(code, radix: 16)))"
        case .noDetail:
            "security handshake with \(endpoint) failed before it completed: is --server-key the public key of the scheduler behind \(endpoint)? (a client without keys cannot talk to a CURVE server either)"
        }
    }
}
