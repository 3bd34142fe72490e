/// Size limits of the Updraft wire protocol (defaults; deployments may lower them).
public enum ProtocolLimits {
    /// Largest message (header + body) a socket accepts by default: 16 MiB. Sockets set
    /// `ZMQ_MAXMSGSIZE` to it; a bigger frame is counted as `oversized` and dropped.
    public static let maxMessageBytes = 16 * 1024 * 1024
    /// Largest XCom value (JSON bytes) carried inline by default: 64 KiB. A task whose
    /// value is bigger fails with an error saying so.
    public static let maxInlineXComBytes = 64 * 1024
    /// Largest `data` of one `TaskLogChunk`: 64 KiB; longer output is split in chunks.
    public static let maxLogChunkBytes = 64 * 1024
}
