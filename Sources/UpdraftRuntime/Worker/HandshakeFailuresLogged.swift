import Synchronization
import UpdraftWire

/// The handshake failure causes a worker has logged, across its reconnections.
final class HandshakeFailuresLogged: Sendable {
    private let kinds = Mutex(Set<HandshakeFailure.Kind>())
    /// True the first time `kind` is seen.
    func firstTime(_ kind: HandshakeFailure.Kind) -> Bool { kinds.withLock { $0.insert(kind).inserted } }
}
