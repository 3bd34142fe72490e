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
    private(set) var output: [UInt8] = []
    private(set) var issues: [TemplateIssue] = []
    /// Every `xcom_pull` call found so far, in template order; `__xcom_N` is `pulls[N]`.
    var pulls: [XComPull] = []
    /// The first segment of every name read (`params` of `params.x`), as a byte range.
    private(set) var names: [Range<Int>] = []

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

    private mutating func rewrite(_ range: Range<Int>) {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = source[index]
            if TemplateSource.isQuote(byte) {
                guard let close = source.closingQuote(from: index, before: end) else {
                    issues.append(TemplateIssue(code: .syntax, message: "string literal is not closed", offset: index))
                    return
                }
                output.append(contentsOf: source.bytes[index...close])
                index = close + 1
            } else if byte == UInt8(ascii: "|") {
                // `x | upper` becomes `x|upper`: Stencil splits tags on spaces before it sees filters.
                while output.last == 0x20 { output.removeLast() }
                output.append(byte)
                index = filter(after: index, before: end)
            } else if TemplateSource.isIdentifierStart(byte), !TemplateSource.isIdentifierByte(source.at(index - 1)),
                      source.at(index - 1) != UInt8(ascii: ".") {
                index = path(from: index, before: end)
            } else {
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
            return pathEnd
        }
        guard let close = source.closingBracket(from: open, before: end) else {
            issues.append(isXCom
                ? XComPullParser.issue("'(' is not closed", at: open)
                : TemplateIssue(code: .syntax, message: "'(' of '\(name)(' is not closed", offset: open))
            return end
        }
        guard isXCom else {
            issues.append(TemplateIssue(
                code: .unsupportedCall,
                message: "calling '\(name)(...)' is not supported (only ti.xcom_pull(...) is); "
                    + "apply filters with '|', e.g. {{ value | upper }}",
                offset: start))
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
        guard nameEnd < end, source[nameEnd] == UInt8(ascii: "(") else { return nameEnd }
        guard let close = source.closingBracket(from: nameEnd, before: end) else {
            issues.append(TemplateIssue(code: .syntax, message: "'(' of filter '\(name)' is not closed", offset: nameEnd))
            return end
        }
        let arguments = nameEnd + 1..<close
        if source.skipSpaces(from: arguments.lowerBound, before: close) < close {
            output.append(UInt8(ascii: ":"))
            rewrite(arguments)
        }
        return close + 1
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
