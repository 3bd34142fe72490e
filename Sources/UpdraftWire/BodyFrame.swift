import CZeroMQ

/// The body frame of one outbound message, held in a libzmq message (`zmq_msg_t`): a codec
/// writes the encoded body straight into it (`write(count:_:)`), and sending hands it to
/// libzmq without another copy or allocation. That is the one allocation per message a raw
/// libzmq sender makes too.
///
/// Ownership is manual, because the send queue keeps frames in ordinary (copyable)
/// collections: exactly one copy of a frame is ever sent or closed. A frame that was
/// written but is dropped unsent must be closed (`close()`); a sent frame needs nothing
/// more (libzmq empties it). The port follows these rules; a codec only writes.
public struct BodyFrame: @unchecked Sendable {
    // @unchecked Sendable: a frame travels inside `OutboundMessage` between a port's
    // methods on its loop thread; libzmq allows a message to move between threads, and the
    // single-owner rule above means two threads never touch the same message.
    var message = zmq_msg_t()
    /// The body's size in bytes.
    public private(set) var count = 0

    /// An empty frame (zero bytes, no memory held); `write(count:_:)` gives it its contents.
    /// A frame written outside a port must be closed by whoever wrote it.
    public init() {
        zmq_msg_init(&message)
    }

    /// A frame holding a copy of `bytes`.
    init(copying bytes: UnsafeRawBufferPointer) {
        self.init()
        write(copying: bytes)
    }

    /// Sizes the frame to `count` bytes and lets `fill` write all of them in place.
    /// Call it once per frame. Traps if libzmq cannot allocate (as an array would).
    public mutating func write(count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        zmq_msg_close(&message)
        precondition(zmq_msg_init_size(&message, count) == 0, "zmq_msg_init_size(\(count)) failed: out of memory")
        self.count = count
        try withUnsafeMutablePointer(to: &message) { pointer in
            try fill(UnsafeMutableRawBufferPointer(start: zmq_msg_data(pointer), count: count))
        }
    }

    /// Writes a copy of `bytes` (what codecs without an in-place encoder do).
    public mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write(copying: $0) }
    }

    /// Writes a copy of `bytes`.
    mutating func write(copying bytes: UnsafeRawBufferPointer) {
        write(count: bytes.count) { buffer in
            if let base = bytes.baseAddress, bytes.count > 0 { buffer.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        }
    }

    /// A copy of the bytes, for tests and diagnostics.
    public var bytes: [UInt8] {
        var copy = message
        return withUnsafeMutablePointer(to: &copy) { pointer in
            [UInt8](UnsafeRawBufferPointer(start: zmq_msg_data(pointer), count: count))
        }
    }

    /// Releases the frame's memory; the frame is empty afterwards.
    public mutating func close() {
        zmq_msg_close(&message)
        zmq_msg_init(&message)
        count = 0
    }

    /// Sends the frame as the last frame of a message, blocking (the first frame already
    /// went). Returns 0, with the frame handed to libzmq, or the errno, with the frame unsent.
    mutating func send(on socket: UnsafeMutableRawPointer) -> Int32 {
        while zmq_msg_send(&message, socket, 0) < 0 {
            let number = zmq_errno()
            if number != EINTR { return number }
        }
        count = 0
        return 0
    }
}
