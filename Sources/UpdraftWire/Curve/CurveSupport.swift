import CZeroMQ

/// Whether the libzmq this process links was built with CURVE (libsodium).
public enum CurveSupport {
    /// `zmq_has("curve")`.
    public static var isAvailable: Bool { zmq_has("curve") != 0 }

    /// Throws unless ``isAvailable``, with a message saying what to install.
    public static func check() throws(CurveKeyError) {
        guard isAvailable else { throw CurveKeyError(unavailableMessage) }
    }

    /// Why CURVE cannot be used here, and what to do.
    static var unavailableMessage: String {
        "libzmq \(ZMQContext.libraryVersion) was built without CURVE (zmq_has(\"curve\") = 0): "
            + "install a libzmq built with libsodium (Debian: libzmq5), or run with --insecure-plaintext"
    }
}
