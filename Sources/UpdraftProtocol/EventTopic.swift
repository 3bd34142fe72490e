/// The topic frame of the event bus: the DAG id's UTF-8 bytes followed by the unit
/// separator byte 0x1F.
///
/// ZeroMQ SUB filters by byte prefix, so a bare DAG id would make a subscriber to `etl`
/// also receive `etl_daily`; the separator ends the id (`etl\u{1F}` is not a prefix of
/// `etl_daily\u{1F}`). DAG ids never contain 0x1F (they are letters, digits, `-`, `_`, `.`).
/// Subscribe to `EventTopic.allDags` (empty prefix) for every DAG.
///
/// ```swift
/// socket.subscribe(EventTopic.frame(dagID: "etl"))   // [0x65, 0x74, 0x6C, 0x1F]
/// ```
public enum EventTopic {
    /// The byte that ends a DAG id in a topic frame (ASCII unit separator).
    public static let separator: UInt8 = 0x1F

    /// The subscription prefix that matches every DAG.
    public static let allDags: [UInt8] = []

    /// The topic frame (and subscription prefix) of `dagID`.
    public static func frame(dagID: String) -> [UInt8] {
        Array(dagID.utf8) + [separator]
    }

    /// The DAG id in a topic frame, or nil when the frame does not end with the separator,
    /// has it anywhere else, or is not UTF-8.
    public static func dagID(fromFrame frame: some BidirectionalCollection<UInt8>) -> String? {
        guard frame.last == separator else { return nil }
        let id = frame.dropLast()
        guard !id.isEmpty, !id.contains(separator) else { return nil }
        return String(validating: id, as: UTF8.self)
    }
}
