/// A subscription or unsubscription that an XPUB port received from one of its subscribers
/// (`WirePort.onSubscription(_:)`). libzmq sends a SUB socket's subscriptions again on every
/// reconnect, so a publisher sees one each time a subscriber (re)connects.
public struct SubscriptionChange: Sendable, Hashable {
    /// The topic prefix (empty: everything).
    public var topic: [UInt8]
    /// True for a subscription, false for an unsubscription.
    public var subscribed: Bool

    /// A subscription change.
    public init(topic: [UInt8], subscribed: Bool) {
        self.topic = topic
        self.subscribed = subscribed
    }
}
