import CZeroMQ

/// A ZeroMQ socket type, with the frame layout Updraft uses on it.
public struct SocketKind: Sendable, Hashable, CustomStringConvertible {
    /// The libzmq constant (`ZMQ_ROUTER`...).
    public let rawValue: Int32
    /// A short name, e.g. `"ROUTER"`.
    public let name: String

    init(_ rawValue: Int32, _ name: String) {
        self.rawValue = rawValue
        self.name = name
    }

    /// Routes by peer identity: inbound and outbound messages carry a routing-id frame.
    public static let router = SocketKind(ZMQ_ROUTER, "ROUTER")
    /// Load-balances outbound, fair-queues inbound; talks to a ROUTER.
    public static let dealer = SocketKind(ZMQ_DEALER, "DEALER")
    /// Publishes: messages carry a topic frame; never receives.
    public static let pub = SocketKind(ZMQ_PUB, "PUB")
    /// A PUB that sees subscriptions; Updraft does not surface them (never polled for input).
    public static let xpub = SocketKind(ZMQ_XPUB, "XPUB")
    /// Subscribes by topic prefix; messages carry a topic frame.
    public static let sub = SocketKind(ZMQ_SUB, "SUB")
    /// Sends to a PULL, load-balanced; never receives.
    public static let push = SocketKind(ZMQ_PUSH, "PUSH")
    /// Receives from PUSH sockets; never sends.
    public static let pull = SocketKind(ZMQ_PULL, "PULL")
    /// Answers requests in turn (the ZAP handler's socket; not used for Updraft messages).
    public static let rep = SocketKind(ZMQ_REP, "REP")
    /// One-to-one, both directions.
    public static let pair = SocketKind(ZMQ_PAIR, "PAIR")

    /// Whether messages start with a routing-id frame (ROUTER).
    public var hasPeerFrame: Bool { self == .router }
    /// Whether messages start with a topic frame (PUB, XPUB, SUB).
    public var hasTopicFrame: Bool { self == .pub || self == .xpub || self == .sub }
    /// Whether Updraft messages can be received on this kind.
    public var canReceive: Bool { self != .pub && self != .push && self != .xpub }
    /// Whether Updraft messages can be sent on this kind.
    public var canSend: Bool { self != .sub && self != .pull }
    /// Number of frames of one Updraft message on this kind.
    public var framesPerMessage: Int { (hasPeerFrame || hasTopicFrame) ? 3 : 2 }

    /// The short name, e.g. `"ROUTER"`.
    public var description: String { name }
}
