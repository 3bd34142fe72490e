/// A message a port dropped (bad frames, bad header, wrong version, unknown type, a body
/// that did not decode or validate), as its drop-reply handler sees it
/// (`WirePort.replyToDropped(with:)`).
public struct DroppedMessage: Sendable {
    /// The sender's routing id (ROUTER ports); nil on other kinds.
    public var peer: PeerID?
    /// The header's message type when the header was readable and named a known type
    /// (the body was the problem); nil otherwise.
    public var messageType: UInt16?
    /// Why it was dropped.
    public var error: FrameError

    /// A dropped message's description.
    public init(peer: PeerID?, messageType: UInt16?, error: FrameError) {
        self.peer = peer
        self.messageType = messageType
        self.error = error
    }
}
