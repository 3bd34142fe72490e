/// Why an inbound frame was rejected. The receiver counts it and drops the message.
public struct FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of rejection; also the key of the "malformed" counters.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Wrong number of frames for the socket kind.
        public static let badFrameCount = Code(rawValue: "bad_frame_count")
        /// Header frame of the wrong size or without the magic bytes.
        public static let badHeader = Code(rawValue: "bad_header")
        /// Header names a protocol version this receiver does not speak.
        public static let wrongVersion = Code(rawValue: "wrong_version")
        /// Header names a message type this receiver does not know.
        public static let unknownType = Code(rawValue: "unknown_type")
        /// Body does not decode as the message type in the header.
        public static let malformedBody = Code(rawValue: "malformed_body")
        /// A batch (``BatchFrame``) whose records do not add up, or that holds a batch.
        public static let badBatch = Code(rawValue: "bad_batch")
        /// Message larger than the socket's configured maximum.
        public static let oversized = Code(rawValue: "oversized")
        public var description: String { rawValue }
    }

    /// What kind of rejection this is.
    public var code: Code
    /// A plain sentence saying what was wrong.
    public var message: String

    /// Creates a frame error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
