/// Keeps the last non-empty line of a byte stream fed in pieces (bash XCom
/// `return_value`, branch choices, the stderr line quoted in a failure), without keeping
/// the whole output. A line longer than `limit` bytes is kept truncated to `limit + 1`
/// bytes, with its full length in `lastLineLength` (enough to report it as oversize).
struct LastLineTracker: Sendable {
    private(set) var lastLine: [UInt8] = []
    private(set) var lastLineLength = 0
    private var current: [UInt8] = []
    private var currentLength = 0
    private var currentHasText = false
    let limit: Int

    init(limit: Int = 16 << 20) { self.limit = limit }

    /// Feeds the next bytes of the stream.
    mutating func feed(_ bytes: some Collection<UInt8>) {
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            take(bytes[start..<newline])
            endLine()
            start = bytes.index(after: newline)
        }
        take(bytes[start...])
    }

    /// The last non-empty line (trailing `\r` and surrounding spaces removed), counting
    /// an unterminated last line; nil when every line was blank.
    var text: String? {
        let line = currentHasText ? current : lastLine
        guard currentHasText || lastLineLength > 0 else { return nil }
        return String(decoding: line, as: UTF8.self).trimmingWhitespace
    }

    /// Byte length of what `text` came from, before truncation.
    var length: Int { currentHasText ? currentLength : lastLineLength }

    private mutating func take(_ piece: some Collection<UInt8>) {
        guard !piece.isEmpty else { return }
        currentLength += piece.count
        if !currentHasText { currentHasText = piece.contains { !Self.isSpace($0) } }
        let room = limit + 1 - current.count
        if room > 0 { current.append(contentsOf: piece.prefix(room)) }
    }

    private mutating func endLine() {
        if currentHasText {
            lastLine = current
            lastLineLength = currentLength
        }
        current.removeAll(keepingCapacity: true)
        currentLength = 0
        currentHasText = false
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and carriage returns.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
