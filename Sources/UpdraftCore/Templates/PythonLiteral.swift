/// Reads the Python literals a template may pass to `ti.xcom_pull(...)`: quoted strings
/// (single or double quotes, backslash escapes), integers, decimals, `True`, `False`, `None`
/// and lists of those. Anything else (a name, an expression) is an error.
enum PythonLiteral {
    static func read(_ source: TemplateSource, at index: inout Int, before end: Int) throws(TemplateIssue) -> JSONValue {
        let start = index
        guard start < end else { throw XComPullParser.issue("expected a value", at: start) }
        let byte = source[start]
        if TemplateSource.isQuote(byte) {
            guard let close = source.closingQuote(from: start, before: end) else {
                throw XComPullParser.issue("string literal is not closed", at: start)
            }
            index = close + 1
            return .string(unescape(source.text(start + 1..<close)))
        }
        if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") {
            return try readList(source, at: &index, before: end)
        }
        var wordEnd = start
        while wordEnd < end, !TemplateSource.isSpace(source[wordEnd]),
              source[wordEnd] != UInt8(ascii: ","), source[wordEnd] != UInt8(ascii: "]"),
              source[wordEnd] != UInt8(ascii: ")") {
            wordEnd += 1
        }
        let word = source.text(start..<wordEnd)
        index = wordEnd
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default:
            if let int = Int64(word) { return .int(int) }
            if let double = Double(word), word.first?.isNumber == true || word.first == "-" { return .double(double) }
            throw XComPullParser.issue(
                "'\(word)' is not a literal: arguments must be quoted strings, numbers or lists", at: start)
        }
    }

    private static func readList(_ source: TemplateSource, at index: inout Int, before end: Int) throws(TemplateIssue) -> JSONValue {
        let open = index
        guard let close = source.closingBracket(from: open, before: end) else {
            throw XComPullParser.issue("'\(Character(Unicode.Scalar(source[open])))' is not closed", at: open)
        }
        var items: [JSONValue] = []
        index = source.skipSpaces(from: open + 1, before: close)
        while index < close {
            items.append(try read(source, at: &index, before: close))
            index = source.skipSpaces(from: index, before: close)
            if index < close {
                guard source[index] == UInt8(ascii: ",") else {
                    throw XComPullParser.issue("expected ',' between list items", at: index)
                }
                index = source.skipSpaces(from: index + 1, before: close)
            }
        }
        index = close + 1
        return .array(items)
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
