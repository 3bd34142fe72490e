/// A peer's ROUTER routing id: which connection a message came from or goes to.
public struct PeerID: Sendable, Hashable, CustomStringConvertible {
    /// The raw routing-id bytes.
    public var bytes: [UInt8]

    /// Wraps raw routing-id bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A routing id from text (set on a DEALER with `PortOptions.routingID`).
    public init(_ text: String) { bytes = Array(text.utf8) }

    /// Printable form: the text when it is printable ASCII, else hex.
    public var description: String {
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return "0x" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// One decoded inbound message with where it came from.
public struct Envelope<Message: Sendable>: Sendable {
    /// The decoded message.
    public var message: Message
    /// The sending peer on a ROUTER port; nil on other kinds.
    public var peer: PeerID?
    /// The topic frame on a SUB port; nil on other kinds.
    public var topic: [UInt8]?
    /// The `User-Id` the ZAP handler gave the sender's connection (the name its CURVE key is
    /// allowed under), read from the message's metadata (`zmq_msg_gets`) on a CURVE server
    /// port; nil on other ports and for `inproc://` peers (no handshake, no user id).
    public var userID: String?

    /// Creates an envelope.
    public init(message: Message, peer: PeerID? = nil, topic: [UInt8]? = nil) {
        self.message = message
        self.peer = peer
        self.topic = topic
    }
}
