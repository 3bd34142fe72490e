/// A template's text as UTF-8 bytes, with the helpers the scanner and rewriter share.
///
/// Everything that matters to the syntax (`{`, `}`, `%`, quotes, `|`, `(`, identifiers) is
/// ASCII, so working on bytes is safe and cheap; line and column are only computed, in
/// characters, when an error is reported.
struct TemplateSource {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var count: Int { bytes.count }

    subscript(offset: Int) -> UInt8 { bytes[offset] }

    /// The byte at `offset`, or 0 past the end (0 never appears in a meaningful position).
    func at(_ offset: Int) -> UInt8 {
        offset >= 0 && offset < bytes.count ? bytes[offset] : 0
    }

    /// The text of `range`.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// 1-based line and column (in characters) of the byte at `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return (line, column)
    }

    /// The offset of the quote that closes the string literal opening at `start`, or nil when
    /// the literal runs past `end`. A backslash escapes the next byte, as in Python.
    func closingQuote(from start: Int, before end: Int) -> Int? {
        let quote = bytes[start]
        var index = start + 1
        while index < end {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == quote { return index }
            index += 1
        }
        return nil
    }

    /// The offset of the `)` or `]` that matches the opener at `start`, skipping string
    /// literals and nested brackets; nil when it is not closed before `end`, or when a
    /// bracket of the other kind closes first (`(a]`).
    func closingBracket(from start: Int, before end: Int) -> Int? {
        var expected: [UInt8] = []
        var index = start
        while index < end {
            let byte = bytes[index]
            if Self.isQuote(byte) {
                guard let close = closingQuote(from: index, before: end) else { return nil }
                index = close + 1
                continue
            }
            if byte == UInt8(ascii: "(") { expected.append(UInt8(ascii: ")")) }
            if byte == UInt8(ascii: "[") { expected.append(UInt8(ascii: "]")) }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") {
                guard expected.last == byte else { return nil }
                expected.removeLast()
                if expected.isEmpty { return index }
            }
            index += 1
        }
        return nil
    }

    /// The comma-separated arguments between the brackets at `open` and `close`, skipping
    /// commas inside string literals and nested brackets; empty for `()`.
    func arguments(between open: Int, and close: Int) -> [Range<Int>] {
        guard skipSpaces(from: open + 1, before: close) < close else { return [] }
        var result: [Range<Int>] = []
        var start = open + 1
        var index = start
        while index < close {
            let byte = bytes[index]
            if Self.isQuote(byte), let end = closingQuote(from: index, before: close) {
                index = end + 1
            } else if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "["), let end = closingBracket(from: index, before: close) {
                index = end + 1
            } else {
                if byte == UInt8(ascii: ",") {
                    result.append(start..<index)
                    start = index + 1
                }
                index += 1
            }
        }
        result.append(start..<close)
        return result
    }

    /// The end of the identifier starting at `start` (`start` itself when there is none).
    func identifierEnd(from start: Int, before end: Int) -> Int {
        guard start < end, Self.isIdentifierStart(bytes[start]) else { return start }
        var index = start + 1
        while index < end, Self.isIdentifierByte(bytes[index]) { index += 1 }
        return index
    }

    /// The first offset at or after `start` that is not a space, tab, CR or LF.
    func skipSpaces(from start: Int, before end: Int) -> Int {
        var index = start
        while index < end, Self.isSpace(bytes[index]) { index += 1 }
        return index
    }

    static func isQuote(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39)
    }
}

/// A problem found while scanning or rewriting, located by byte offset in the template.
struct TemplateIssue: Error, Equatable {
    var code: TemplateError.Code
    var message: String
    var offset: Int

    func error(in source: TemplateSource, location: TemplateLocation) -> TemplateError {
        let position = source.position(of: offset)
        return TemplateError(
            code: code, message: message, taskId: location.taskId, field: location.field,
            line: position.line, column: position.column)
    }
}
