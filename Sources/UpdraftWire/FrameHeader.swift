/// The fixed 8-byte header frame that precedes every message body on the wire.
///
/// Layout (all integers big-endian):
/// ```
/// offset 0  2 bytes  magic 0x55 0x44 ("UD")
/// offset 2  2 bytes  protocol version
/// offset 4  2 bytes  message type code
/// offset 6  2 bytes  flags (reserved, 0)
/// ```
/// A message is `[header][body]` after any routing frames (a ROUTER's peer identity)
/// or topic frame (PUB/SUB). See `Protocols/PROTOCOL.md`.
public struct FrameHeader: Sendable, Hashable {
    /// The two magic bytes "UD".
    public static let magic: (UInt8, UInt8) = (0x55, 0x44)
    /// Size of the header frame in bytes.
    public static let size = 8

    /// The sender's protocol version.
    public var version: UInt16
    /// The message type code (see the codec's registry).
    public var messageType: UInt16
    /// Reserved flags; 0 today.
    public var flags: UInt16

    /// Creates a header.
    public init(version: UInt16, messageType: UInt16, flags: UInt16 = 0) {
        self.version = version
        self.messageType = messageType
        self.flags = flags
    }

    /// The 8 header bytes.
    public var bytes: [UInt8] {
        [
            Self.magic.0, Self.magic.1,
            UInt8(version >> 8), UInt8(version & 0xFF),
            UInt8(messageType >> 8), UInt8(messageType & 0xFF),
            UInt8(flags >> 8), UInt8(flags & 0xFF),
        ]
    }

    /// Parses a header frame; throws `FrameError` naming what is wrong.
    public init(parsing frame: some Collection<UInt8>) throws(FrameError) {
        guard frame.count == Self.size else {
            throw FrameError(.badHeader, "header frame is \(frame.count) bytes, expected \(Self.size)")
        }
        let b = Array(frame)
        guard b[0] == Self.magic.0, b[1] == Self.magic.1 else {
            throw FrameError(.badHeader, "header frame does not start with the magic bytes \"UD\"")
        }
        version = UInt16(b[2]) << 8 | UInt16(b[3])
        messageType = UInt16(b[4]) << 8 | UInt16(b[5])
        flags = UInt16(b[6]) << 8 | UInt16(b[7])
    }
}
