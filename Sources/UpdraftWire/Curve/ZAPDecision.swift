/// A ``ZAPAuthorizer``'s answer.
public enum ZAPDecision: Sendable, Hashable {
    /// Accepted: the connection's messages carry `userID` as their `User-Id` property.
    case allow(userID: String)
    /// Refused (ZAP status 400): the client's handshake fails; `reason` goes to the log.
    case deny(reason: String)
}
