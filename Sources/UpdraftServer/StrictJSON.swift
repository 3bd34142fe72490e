/// A check of RFC 8259 JSON syntax, stricter than Foundation's parser (which takes trailing
/// commas, for one): a request body is either valid JSON or a 400 naming the byte where it
/// went wrong.
struct StrictJSON {
    /// Where and why the text is not JSON.
    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    /// Throws ``SyntaxError`` unless `bytes` is one JSON value in UTF-8 (RFC 8259 §8.1),
    /// nesting at most 512 deep.
    static func validate(_ bytes: [UInt8]) throws(SyntaxError) {
        try checkUTF8(bytes)
        var parser = StrictJSON(bytes: bytes)
        parser.skipSpace()
        try parser.value()
        parser.skipSpace()
        if parser.i != bytes.count { throw SyntaxError(offset: parser.i, reason: "unexpected text after the JSON value") }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Throws at the first byte that does not start a valid UTF-8 sequence (found by the http
    /// fuzz target: such a body passed this check, then failed in JSONDecoder with a message
    /// naming no position).
    private static func checkUTF8(_ bytes: [UInt8]) throws(SyntaxError) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return
            case .error: throw SyntaxError(offset: offset, reason: "invalid UTF-8")
            }
        }
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while let c = peek, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 }
    }

    private func fail(_ reason: String) -> SyntaxError { SyntaxError(offset: i, reason: reason) }

    private mutating func value() throws(SyntaxError) {
        guard let c = peek else { throw fail("unexpected end of the body") }
        switch c {
        case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    private mutating func container(close: UInt8, keyed: Bool) throws(SyntaxError) {
        depth += 1
        guard depth <= 512 else { throw fail("nested deeper than 512 levels") }
        i += 1
        skipSpace()
        if peek == close {
            i += 1
            depth -= 1
            return
        }
        while true {
            if keyed {
                guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                try string()
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                i += 1
                skipSpace()
            }
            try value()
            skipSpace()
            if peek == close {
                i += 1
                depth -= 1
                return
            }
            guard peek == UInt8(ascii: ",") else { throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'") }
            i += 1
            skipSpace()
            if peek == close { throw fail("trailing comma") }
        }
    }

    private mutating func string() throws(SyntaxError) {
        i += 1
        while let c = peek {
            i += 1
            switch c {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard let e = peek else { throw fail("unterminated escape") }
                i += 1
                if e == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        guard let h = peek, (h >= 0x30 && h <= 0x39) || (h | 0x20 >= 0x61 && h | 0x20 <= 0x66) else {
                            throw fail("bad \\u escape")
                        }
                        i += 1
                    }
                } else if !"\"\\/bfnrt".utf8.contains(e) {
                    throw fail("bad escape")
                }
            case 0..<0x20: throw fail("control character in a string")
            default: continue
            }
        }
        throw fail("unterminated string")
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        for expected in word.utf8 {
            guard peek == expected else { throw fail("expected '\(word)'") }
            i += 1
        }
    }

    private mutating func number() throws(SyntaxError) {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, isDigit(first) else { throw fail("expected a digit") }
        i += 1
        if first != UInt8(ascii: "0") { while let c = peek, isDigit(c) { i += 1 } }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard let c = peek, isDigit(c) else { throw fail("expected a digit after '.'") }
            while let c = peek, isDigit(c) { i += 1 }
        }
        if let c = peek, c | 0x20 == UInt8(ascii: "e") {
            i += 1
            if let s = peek, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { i += 1 }
            guard let d = peek, isDigit(d) else { throw fail("expected a digit in the exponent") }
            while let c = peek, isDigit(c) { i += 1 }
        }
        // 1e999 is JSON syntax, but no number a decoder can hold (found by the http fuzz target).
        guard let value = Double(String(decoding: bytes[start..<i], as: UTF8.self)), value.isFinite else {
            i = start
            throw fail("number out of range (beyond ±1.8e308)")
        }
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
