import UpdraftCore

/// A strict JSON reader for `--conf`, whose errors name the line, column and what was
/// expected (Foundation's reader on Linux says little more than "invalid value").
///
/// ```swift
/// try ConfJSONParser.parseObject(#"{"limit": 5}"#)   // ["limit": .int(5)]
/// ```
enum ConfJSONParser {
    /// A syntax error at a 1-based line and column.
    struct SyntaxError: Error, CustomStringConvertible, Equatable {
        /// 1-based line.
        var line: Int
        /// 1-based column (in characters).
        var column: Int
        /// What was wrong.
        var message: String

        /// `line L, column C: message`.
        var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Parses `text` as one JSON value that must be an object.
    static func parseObject(_ text: String) throws(SyntaxError) -> [String: JSONValue] {
        var reader = Reader(Array(text.unicodeScalars))
        reader.skipSpace()
        guard reader.peek == "{" else {
            throw reader.error(reader.atEnd ? "expected a JSON object, found nothing" : "expected a JSON object starting with '{'")
        }
        guard case .object(let object) = try reader.value() else { throw reader.error("expected a JSON object") }
        reader.skipSpace()
        guard reader.atEnd else { throw reader.error("unexpected '\(reader.peek!)' after the end of the object") }
        return object
    }

    /// Parses `text` as any JSON value.
    static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        var reader = Reader(Array(text.unicodeScalars))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.atEnd else { throw reader.error("unexpected '\(reader.peek!)' after the end of the value") }
        return value
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        func error(_ message: String) -> SyntaxError {
            var line = 1, column = 1
            for scalar in scalars[..<min(index, scalars.count)] {
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return SyntaxError(line: line, column: column, message: message)
        }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { index += 1 }
        }

        mutating func expect(_ c: Unicode.Scalar, _ what: String) throws(SyntaxError) {
            skipSpace()
            guard peek == c else { throw error(found(expected: what)) }
            index += 1
        }

        func found(expected what: String) -> String {
            guard let c = peek else { return "expected \(what), found the end of the text" }
            return "expected \(what), found '\(c)'"
        }

        mutating func value() throws(SyntaxError) -> JSONValue {
            skipSpace()
            guard let c = peek else { throw error("expected a value, found the end of the text") }
            switch c {
            case "{": return try object()
            case "[": return try array()
            case "\"": return .string(try string())
            case "t": try word("true"); return .bool(true)
            case "f": try word("false"); return .bool(false)
            case "n": try word("null"); return .null
            case "-", "0"..."9": return try number()
            default: throw error("expected a value (object, array, string, number, true, false or null), found '\(c)'")
            }
        }

        mutating func word(_ w: String) throws(SyntaxError) {
            for expected in w.unicodeScalars {
                guard peek == expected else { throw error("expected '\(w)'") }
                index += 1
            }
        }

        mutating func object() throws(SyntaxError) -> JSONValue {
            index += 1
            var out: [String: JSONValue] = [:]
            skipSpace()
            if peek == "}" { index += 1; return .object(out) }
            while true {
                skipSpace()
                guard peek == "\"" else { throw error(found(expected: "a key in double quotes")) }
                let key = try string()
                try expect(":", "':' after the key \"\(key)\"")
                out[key] = try value()
                skipSpace()
                if peek == "," {
                    index += 1
                    skipSpace()
                    if peek == "}" { throw error("trailing ',' before '}'") }
                    continue
                }
                try expect("}", "',' or '}' in the object")
                return .object(out)
            }
        }

        mutating func array() throws(SyntaxError) -> JSONValue {
            index += 1
            var out: [JSONValue] = []
            skipSpace()
            if peek == "]" { index += 1; return .array(out) }
            while true {
                out.append(try value())
                skipSpace()
                if peek == "," {
                    index += 1
                    skipSpace()
                    if peek == "]" { throw error("trailing ',' before ']'") }
                    continue
                }
                try expect("]", "',' or ']' in the array")
                return .array(out)
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            let start = index
            index += 1
            var out = String.UnicodeScalarView()
            while let c = peek {
                index += 1
                switch c {
                case "\"": return String(out)
                case "\\":
                    guard let e = peek else { break }
                    index += 1
                    switch e {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "/": out.append("/")
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u":
                        let hex = scalars[index..<min(index + 4, scalars.count)].map { Character($0) }
                        guard hex.count == 4, let code = UInt32(String(hex), radix: 16),
                              let scalar = Unicode.Scalar(code) else {
                            index -= 2
                            throw error("invalid \\u escape (expected 4 hex digits)")
                        }
                        index += 4
                        out.append(scalar)
                    default:
                        index -= 2
                        throw error("invalid escape '\\\(e)'")
                    }
                case "\n":
                    index -= 1
                    throw error("unterminated string (newline inside quotes)")
                default:
                    out.append(c)
                }
            }
            index = start
            throw error("unterminated string (no closing '\"')")
        }

        mutating func number() throws(SyntaxError) -> JSONValue {
            let start = index
            if peek == "-" { index += 1 }
            var isInteger = true
            func digits(_ r: inout Reader) -> Int {
                var n = 0
                while let c = r.peek, ("0"..."9").contains(c) { r.index += 1; n += 1 }
                return n
            }
            guard digits(&self) > 0 else { throw error("expected a digit") }
            if peek == "." {
                index += 1
                isInteger = false
                guard digits(&self) > 0 else { throw error("expected a digit after '.'") }
            }
            if peek == "e" || peek == "E" {
                index += 1
                isInteger = false
                if peek == "+" || peek == "-" { index += 1 }
                guard digits(&self) > 0 else { throw error("expected a digit in the exponent") }
            }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            if isInteger, let i = Int64(text) { return .int(i) }
            guard let d = Double(text) else {
                index = start
                throw error("invalid number '\(text)'")
            }
            // Double reads 1e999 as infinity, which JSON cannot hold: it would be stored
            // and sent as null (found by the conf fuzz target).
            guard d.isFinite else {
                index = start
                throw error("number '\(text)' is out of range (a JSON number must be within ±1.8e308)")
            }
            return .double(d)
        }
    }
}
