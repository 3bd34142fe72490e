/// Turns the Jinja spellings Airflow users write inside `{{ }}` and `{% %}` into what
/// Stencil understands, and checks them on the way:
///
/// - `ti.xcom_pull(...)` / `task_instance.xcom_pull(...)` becomes a generated variable
///   `__xcom_N`; the parsed call is kept in `pulls[N]` and resolved at render time.
/// - Jinja filter calls `| default('x')`, `| join(', ')` become Stencil's `|default:'x'`,
///   `|join:', '` (Stencil's own `name:arg` spelling keeps working).
/// - Filter names are checked (`unknown filter 'uper' (did you mean 'upper'?)`).
/// - Any other call (`logical_date.strftime(...)`) is an error, not a silent empty string.
/// - Line breaks and tabs inside a tag become spaces (Jinja allows multi-line tags).
///
/// String literals are copied untouched. Errors carry the byte offset in the template.
struct ExpressionRewriter {
    static let xcomPrefix = "__xcom_"
    private static let xcomCalls: Set<String> = ["ti.xcom_pull", "task_instance.xcom_pull"]

    let source: TemplateSource
    var output: [UInt8] = []
    var issues: [TemplateIssue] = []
    /// Every `xcom_pull` call found so far, in template order; `__xcom_N` is `pulls[N]`.
    var pulls: [XComPull] = []
    /// How deep inside filter or macro arguments the rewriter is (0 at the head of a tag).
    var depth = 0
    /// The first segment of every name read (`params` of `params.x`), as a byte range.
    private(set) var names: [Range<Int>] = []
    /// Records the name at `start` (the first segment of a path) as read by the template.
    mutating func recordName(at start: Int, length: Int) {
        names.append(start..<start + length)
    }

    /// Every variable read as `var.x`, `var.value.x` or `var.json.x`, checked when rendering.
    private(set) var variables: [VariableReference] = []

    /// ASCII punctuation Stencil's expressions use: comparisons, parentheses in `if`,
    /// negative numbers, filter arguments. Anything else outside a string literal is an error.
    private static let operatorBytes: Set<UInt8> = Set("()=!<>-:,".utf8)

    private static func unexpected(_ byte: UInt8) -> String {
        let character = Character(Unicode.Scalar(byte))
        switch character {
        case "~", "+", "*", "/", "%":
            return "unexpected '\(character)': operators are not supported; use filters, e.g. {{ value | replace('a', 'b') }}"
        default:
            return "unexpected '\(character)'"
        }
    }

    /// True for a byte that may not touch a string literal: part of a name or number, a
    /// non-ASCII byte, the end of a subscript or call, another quote.
    static func gluesToLiteral(_ byte: UInt8) -> Bool {
        endsValue(byte) || byte >= 0x80 || TemplateSource.isQuote(byte)
    }

    /// True for the last byte of a name, subscript or call.
    static func endsValue(_ byte: UInt8) -> Bool {
        TemplateSource.isIdentifierByte(byte) || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")")
    }

    init(source: TemplateSource) {
        self.source = source
    }

    /// Rewrites one tag's content and returns it, trimmed.
    mutating func rewriteTag(_ range: Range<Int>) -> String {
        output.removeAll(keepingCapacity: true)
        rewrite(range)
        let first = output.firstIndex { $0 != 0x20 } ?? output.endIndex
        let last = output.lastIndex { $0 != 0x20 }.map { $0 + 1 } ?? first
        return String(decoding: output[first..<max(first, last)], as: UTF8.self)
    }

    mutating func rewrite(_ range: Range<Int>) {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = source[index]
            if TemplateSource.isQuote(byte) {
                guard let close = source.closingQuote(from: index, before: end) else {
                    issues.append(TemplateIssue(code: .syntax, message: "string literal is not closed", offset: index))
                    return
                }
                // Stencil splits filters on '|' and only knows a literal that starts a word:
                // `name'a|b'` would reach it as a filter named `b'`, which `validate` never saw.
                if index > range.lowerBound, Self.gluesToLiteral(source[index - 1]) {
                    issues.append(TemplateIssue(
                        code: .syntax, message: "a string literal cannot follow a value directly: put a space, "
                            + "'(', ':', ',' or an operator before it", offset: index))
                } else if close + 1 < end, Self.gluesToLiteral(source[close + 1]) {
                    issues.append(TemplateIssue(
                        code: .syntax, message: "a string literal cannot be followed by a value directly",
                        offset: close + 1))
                }
                output.append(contentsOf: source.bytes[index...close])
                index = close + 1
            } else if byte == UInt8(ascii: "|") {
                // `x | upper` becomes `x|upper`: Stencil splits tags on spaces before it sees filters.
                while output.last == 0x20 { output.removeLast() }
                output.append(byte)
                index = filter(after: index, before: end)
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ".") {
                index = punctuation(at: index, before: end)
            } else if TemplateSource.isIdentifierStart(byte), !TemplateSource.isIdentifierByte(source.at(index - 1)),
                      source.at(index - 1) != UInt8(ascii: ".") {
                index = path(from: index, before: end)
            } else {
                if byte < 0x80, !TemplateSource.isSpace(byte), !TemplateSource.isIdentifierByte(byte),
                   !Self.operatorBytes.contains(byte) {
                    issues.append(TemplateIssue(code: .syntax, message: Self.unexpected(byte), offset: index))
                } else if byte == UInt8(ascii: "("), Self.endsValue(source.at(index - 1)) {
                    // `name(` is handled by `path`; this is a call on a call's or subscript's result.
                    issues.append(TemplateIssue(
                        code: .unsupportedCall,
                        message: "calling a method on a result is not supported; apply filters with '|'",
                        offset: index))
                }
                output.append(TemplateSource.isSpace(byte) ? 0x20 : byte)
                index += 1
            }
        }
    }

    /// A dotted name (`dag_run.conf.x`, `items.0`), possibly called.
    private mutating func path(from start: Int, before end: Int) -> Int {
        var pathEnd = source.identifierEnd(from: start, before: end)
        while pathEnd + 1 < end, source[pathEnd] == UInt8(ascii: "."), TemplateSource.isIdentifierByte(source[pathEnd + 1]) {
            pathEnd += 1
            while pathEnd < end, TemplateSource.isIdentifierByte(source[pathEnd]) { pathEnd += 1 }
        }
        let name = source.text(start..<pathEnd)
        let isXCom = Self.xcomCalls.contains(name)
        let open = isXCom ? source.skipSpaces(from: pathEnd, before: end) : pathEnd
        guard open < end, source[open] == UInt8(ascii: "(") else {
            if isXCom {
                issues.append(XComPullParser.issue("must be called, e.g. ti.xcom_pull('extract')", at: start))
            }
            output.append(contentsOf: source.bytes[start..<pathEnd])
            names.append(start..<source.identifierEnd(from: start, before: end))
            if let reference = VariableReference(path: name, offset: start) { variables.append(reference) }
            return pathEnd
        }
        guard let close = source.closingBracket(from: open, before: end) else {
            issues.append(isXCom
                ? XComPullParser.issue("'(' is not closed", at: open)
                : TemplateIssue(code: .syntax, message: "'(' of '\(name)(' is not closed", offset: open))
            return end
        }
        guard isXCom else {
            if let macro = TemplateMacro(name) {
                rewriteMacro(macro, name: name, start: start, open: open, close: close)
            } else {
                issues.append(TemplateIssue(
                    code: .unsupportedCall,
                    message: "calling '\(name)(...)' is not supported (only ti.xcom_pull, macros.ds_add, .get, "
                        + "macros.ds_format, .strftime and .isoformat are); apply filters with '|', e.g. {{ value | upper }}",
                    offset: start))
            }
            return close + 1
        }
        switch XComPullParser.parse(source, open: open, close: close, callStart: start) {
        case .success(let pull):
            output.append(contentsOf: Array("\(Self.xcomPrefix)\(pulls.count)".utf8))
            pulls.append(pull)
        case .failure(let issue):
            issues.append(issue)
            output.append(contentsOf: Array("\(Self.xcomPrefix)invalid".utf8))
        }
        return close + 1
    }

    /// `[`, `]` and `.` outside names: subscripts (`params['key']`, `xs[0]`), attributes after
    /// a subscript or call (`ti.xcom_pull('a').path`), decimals and Stencil's ranges (`1...3`,
    /// `1...n`).
    /// Anything else would only fail later, while rendering.
    private mutating func punctuation(at index: Int, before end: Int) -> Int {
        let byte = source[index]
        let previous = source.at(index - 1)
        let follows = TemplateSource.isIdentifierByte(previous) || previous == UInt8(ascii: "]")
            || previous == UInt8(ascii: ")")
        switch byte {
        case UInt8(ascii: "["):
            guard follows else {
                issues.append(TemplateIssue(
                    code: .syntax, message: "'[' must follow a name, as in params['key']", offset: index))
                return end
            }
            guard let close = source.closingBracket(from: index, before: end), source[close] == UInt8(ascii: "]") else {
                issues.append(TemplateIssue(code: .syntax, message: "'[' is not closed by ']'", offset: index))
                return end
            }
            guard source.skipSpaces(from: index + 1, before: close) < close else {
                issues.append(TemplateIssue(code: .syntax, message: "'[]' has nothing inside", offset: index))
                return close + 1
            }
            output.append(byte)
            depth += 1
            rewrite(index + 1..<close)
            depth -= 1
            output.append(UInt8(ascii: "]"))
            return close + 1
        case UInt8(ascii: "]"):
            issues.append(TemplateIssue(code: .syntax, message: "']' without its '['", offset: index))
            return index + 1
        default:
            let previousIsDigit = previous >= UInt8(ascii: "0") && previous <= UInt8(ascii: "9")
            if source.at(index + 1) == UInt8(ascii: "."), source.at(index + 2) == UInt8(ascii: "."),
               previousIsDigit, TemplateSource.isIdentifierByte(source.at(index + 3)) {
                output.append(contentsOf: source.bytes[index..<index + 3])
                // The upper bound is a value of its own (`1...params.limit`), not an attribute.
                return TemplateSource.isIdentifierStart(source.at(index + 3)) ? path(from: index + 3, before: end) : index + 3
            }
            guard follows, TemplateSource.isIdentifierByte(source.at(index + 1)) else {
                issues.append(TemplateIssue(
                    code: .syntax, message: "unexpected '.': write names as dag_run.conf.key", offset: index))
                return index + 1
            }
            output.append(byte)
            return index + 1
        }
    }

    /// `| name`, `| name(args)` or `| name:args` after the `|` at `bar`.
    private mutating func filter(after bar: Int, before end: Int) -> Int {
        let nameStart = source.skipSpaces(from: bar + 1, before: end)
        let nameEnd = source.identifierEnd(from: nameStart, before: end)
        guard nameEnd > nameStart else {
            issues.append(TemplateIssue(code: .syntax, message: "expected a filter name after '|'", offset: bar))
            return nameStart
        }
        let name = source.text(nameStart..<nameEnd)
        if !TemplateFilters.names.contains(name) {
            issues.append(TemplateIssue(
                code: .unknownFilter, message: TemplateFilters.unknownMessage(for: name), offset: nameStart))
        }
        output.append(contentsOf: source.bytes[nameStart..<nameEnd])
        guard nameEnd < end, source[nameEnd] == UInt8(ascii: "(") else { return afterFilter(name, at: nameEnd, before: end) }
        guard let close = source.closingBracket(from: nameEnd, before: end) else {
            issues.append(TemplateIssue(code: .syntax, message: "'(' of filter '\(name)' is not closed", offset: nameEnd))
            return end
        }
        let arguments = nameEnd + 1..<close
        if source.skipSpaces(from: arguments.lowerBound, before: close) < close {
            output.append(UInt8(ascii: ":"))
            depth += 1
            rewrite(arguments)
            depth -= 1
        }
        return afterFilter(name, at: close + 1, before: end)
    }

    /// What may follow a filter: the end, a space, another filter, Stencil's `:` arguments or
    /// the end of the arguments it is part of. `join#` is an error, not a filter named `join#`.
    private mutating func afterFilter(_ name: String, at index: Int, before end: Int) -> Int {
        guard index < end else { return index }
        let byte = source[index]
        let allowed: [UInt8] = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ","),
                                UInt8(ascii: ")"), UInt8(ascii: "]")]
        if !allowed.contains(byte) {
            let character = source.text(index..<min(end, index + 4)).first.map(String.init) ?? "?"
            issues.append(TemplateIssue(
                code: .syntax, message: "unexpected '\(character)' after filter '\(name)'",
                offset: index))
        }
        return index
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces.
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return String(self[first...last])
    }
}
