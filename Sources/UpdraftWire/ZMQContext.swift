import CZeroMQ

/// A libzmq context: the I/O threads shared by sockets. `inproc://` endpoints only
/// connect sockets of the same context.
///
/// libzmq documents contexts as thread-safe, so this wrapper is `@unchecked Sendable`:
/// its only state is the immutable handle. It is terminated when the last socket that
/// retains it is gone (sockets hold a strong reference), so `zmq_ctx_term` never waits
/// on open sockets; sockets close with a finite linger so it never hangs on unsent data.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// Creates a context with `ioThreads` I/O threads (1 is right for a 2-core machine).
    public init(ioThreads: Int32 = 1) {
        // zmq_ctx_new only fails on out-of-memory or too many open files; both are fatal anyway.
        guard let handle = zmq_ctx_new() else { fatalError("zmq_ctx_new failed: \(WireError.zmqCall("zmq_ctx_new"))") }
        self.handle = handle
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
        zmq_ctx_set(handle, ZMQ_BLOCKY, 0)
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// The libzmq version, e.g. `"4.3.4"`.
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
