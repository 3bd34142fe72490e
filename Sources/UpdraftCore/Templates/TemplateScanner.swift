/// One `{{ … }}`, `{% … %}` or `{# … #}` tag found in a template, located by byte offsets.
struct TemplateTag {
    enum Kind { case variable, block, comment }

    let kind: Kind
    /// Offset of the opening `{`.
    let start: Int
    /// The content between the delimiters and any `-`/`+` whitespace markers.
    let content: Range<Int>
}

/// A piece of a scanned template: literal text or a tag.
enum TemplateSegment {
    /// Literal text (already trimmed by whitespace control), as a byte range.
    case text(Range<Int>)
    case tag(TemplateTag)
}

/// Splits a template into text and tags, Jinja style.
///
/// Differences from Stencil's own lexer, on purpose: quotes inside `{{ }}` and `{% %}` are
/// respected (`{{ x | default('}}') }}`), an opener without its closer is an error instead of
/// being dropped silently, and Jinja's whitespace control works on every tag kind: `{{-`,
/// `{%-`, `{#-` strip the whitespace before the tag and `-}}`, `-%}`, `-#}` the whitespace after.
struct TemplateScanner {
    let source: TemplateSource
    private(set) var segments: [TemplateSegment] = []
    private(set) var issues: [TemplateIssue] = []
    private var trimNextText = false

    init(source: TemplateSource) {
        self.source = source
        scan()
    }

    private mutating func scan() {
        let count = source.count
        var index = 0
        var textStart = 0
        while index + 1 < count {
            guard source[index] == UInt8(ascii: "{"), let kind = Self.kind(of: source[index + 1]) else {
                index += 1
                continue
            }
            appendText(textStart..<index, trimTrailing: source.at(index + 2) == UInt8(ascii: "-"))
            switch findClose(of: kind, openedAt: index) {
            case .closed(let tag, let next, let trimAfter):
                segments.append(.tag(tag))
                trimNextText = trimAfter
                index = next
            case .interrupted(let next):
                issues.append(Self.unclosed(kind, at: index))
                index = next
            case .unterminatedString(let quote):
                issues.append(TemplateIssue(
                    code: .unclosedTag, message: "string literal is not closed", offset: quote))
                index = count
            case .unclosed:
                issues.append(Self.unclosed(kind, at: index))
                index = count
            }
            textStart = index
        }
        appendText(textStart..<count, trimTrailing: false)
    }

    private enum Close {
        case closed(TemplateTag, next: Int, trimAfter: Bool)
        case interrupted(next: Int)
        case unterminatedString(quote: Int)
        case unclosed
    }

    private func findClose(of kind: TemplateTag.Kind, openedAt start: Int) -> Close {
        let closer: UInt8 = switch kind {
        case .variable: UInt8(ascii: "}")
        case .block: UInt8(ascii: "%")
        case .comment: UInt8(ascii: "#")
        }
        let count = source.count
        var index = start + 2
        while index < count {
            let byte = source[index]
            if byte == closer && source.at(index + 1) == UInt8(ascii: "}") {
                var contentStart = start + 2
                if contentStart < index, [UInt8(ascii: "-"), UInt8(ascii: "+")].contains(source[contentStart]) {
                    contentStart += 1
                }
                let trimAfter = index > contentStart && source[index - 1] == UInt8(ascii: "-")
                let contentEnd = trimAfter ? index - 1 : index
                let tag = TemplateTag(kind: kind, start: start, content: contentStart..<contentEnd)
                return .closed(tag, next: index + 2, trimAfter: trimAfter)
            }
            if kind != .comment {
                if TemplateSource.isQuote(byte) {
                    guard let close = source.closingQuote(from: index, before: count) else {
                        return .unterminatedString(quote: index)
                    }
                    index = close + 1
                    continue
                }
                if byte == UInt8(ascii: "{"), Self.kind(of: source.at(index + 1)) != nil {
                    return .interrupted(next: index)
                }
            }
            index += 1
        }
        return .unclosed
    }

    private mutating func appendText(_ range: Range<Int>, trimTrailing: Bool) {
        var lower = range.lowerBound
        var upper = range.upperBound
        if trimNextText {
            while lower < upper, TemplateSource.isSpace(source[lower]) { lower += 1 }
            trimNextText = false
        }
        if trimTrailing {
            while upper > lower, TemplateSource.isSpace(source[upper - 1]) { upper -= 1 }
        }
        if lower < upper {
            segments.append(.text(lower..<upper))
        }
    }

    private static func kind(of byte: UInt8) -> TemplateTag.Kind? {
        switch byte {
        case UInt8(ascii: "{"): .variable
        case UInt8(ascii: "%"): .block
        case UInt8(ascii: "#"): .comment
        default: nil
        }
    }

    private static func unclosed(_ kind: TemplateTag.Kind, at offset: Int) -> TemplateIssue {
        let (open, close) = switch kind {
        case .variable: ("{{", "}}")
        case .block: ("{%", "%}")
        case .comment: ("{#", "#}")
        }
        return TemplateIssue(
            code: .unclosedTag,
            message: "'\(open)' is not closed by '\(close)' (for a literal '\(open)', write {{ '\(open)' }})",
            offset: offset)
    }
}
