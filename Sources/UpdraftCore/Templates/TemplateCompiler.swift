import Foundation
import Stencil

/// A template scanned, rewritten (see `ExpressionRewriter`) and parsed by Stencil.
///
/// Updraft builds Stencil's tokens itself from `TemplateScanner`'s tags, so every token maps
/// back, by identity, to the offset of its tag in the original text: errors from Stencil
/// (unknown tag, `endif` not found, a filter failing while rendering) get the right line:column.
struct CompiledTemplate {
    let source: TemplateSource
    private(set) var issues: [TemplateIssue] = []
    private(set) var pulls: [XComPull] = []
    /// Names the template reads (first segment and offset), for `TemplateRenderer.warnings`.
    private(set) var names: [(name: String, offset: Int)] = []
    /// Names bound by `{% for a, b in ... %}`.
    private(set) var loopVariables: Set<String> = []
    private var nodes: [NodeType] = []
    private var tokens: [(token: Token, offset: Int)] = []

    /// Compiles `template`; with `parse` false, stops after scanning and rewriting (enough to
    /// know the `xcom_pull` calls).
    init(_ template: String, parse: Bool = true) {
        source = TemplateSource(template)
        let scanner = TemplateScanner(source: source)
        issues = scanner.issues
        var rewriter = ExpressionRewriter(source: source)
        var stencilTokens: [Token] = []
        for segment in scanner.segments {
            guard let token = makeToken(segment, rewriter: &rewriter) else { continue }
            stencilTokens.append(token)
        }
        issues += rewriter.issues
        issues = issues.enumerated()
            .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
            .map(\.element)
        pulls = rewriter.pulls
        names = rewriter.names
        guard parse, issues.isEmpty else { return }
        do {
            nodes = try TokenParser(tokens: stencilTokens, environment: StencilSupport.environment).parse()
        } catch {
            issues.append(issue(for: error, code: .syntax))
        }
    }

    /// Renders the parsed template with the given Stencil values.
    func render(_ values: [String: Any]) throws(TemplateIssue) -> String {
        let context = Context(dictionary: values, environment: StencilSupport.environment)
        do {
            return try renderNodes(nodes, context)
        } catch {
            throw issue(for: error, code: .render)
        }
    }

    private mutating func makeToken(_ segment: TemplateSegment, rewriter: inout ExpressionRewriter) -> Token? {
        guard case .tag(let tag) = segment else {
            if case .text(let text) = segment { return .text(value: text, at: StencilSupport.sourceMap) }
            return nil
        }
        switch tag.kind {
        case .comment:
            return nil
        case .variable:
            let expression = rewriter.rewriteTag(tag.content)
            guard !isBlank(tag.content) else {
                issues.append(TemplateIssue(code: .emptyTag, message: "'{{ }}' has no expression", offset: tag.start))
                return nil
            }
            let shape = ExpressionShape(expression)
            if !shape.isSingleTerm && !shape.isInlineIf {
                issues.append(TemplateIssue(
                    code: .syntax,
                    message: "'\(shape.term)' is not supported: write a name or a literal, then filters",
                    offset: source.skipSpaces(from: tag.content.lowerBound, before: tag.content.upperBound)))
            }
            // The inline-if form keeps Stencil's own rendering: a filter would only apply to its else part.
            let value = shape.isInlineIf ? expression : expression + "|" + TemplateFilters.render
            return remember(.variable(value: value, at: StencilSupport.sourceMap), at: tag.start)
        case .block:
            let statement = rewriter.rewriteTag(tag.content)
            guard !isBlank(tag.content) else {
                issues.append(TemplateIssue(code: .emptyTag, message: "'{% %}' has no tag name", offset: tag.start))
                return nil
            }
            if statement.hasPrefix("for ") {
                let declared = statement.dropFirst(4).components(separatedBy: " in ").first ?? ""
                for name in declared.split(separator: ",") {
                    loopVariables.insert(name.trimmingCharacters(in: .whitespaces))
                }
            }
            return remember(.block(value: statement, at: StencilSupport.sourceMap), at: tag.start)
        }
    }

    private func isBlank(_ range: Range<Int>) -> Bool {
        source.skipSpaces(from: range.lowerBound, before: range.upperBound) == range.upperBound
    }

    private mutating func remember(_ token: Token, at offset: Int) -> Token {
        tokens.append((token, offset))
        return token
    }

    /// A Stencil error as an issue located at the tag it came from.
    private func issue(for error: any Error, code: TemplateError.Code) -> TemplateIssue {
        let syntaxError = error as? TemplateSyntaxError
        var reason = syntaxError?.reason ?? String(describing: error)
        var offset = 0
        if let token = syntaxError?.token {
            offset = tokens.first { $0.token === token }?.offset
                ?? tokens.first { $0.token.contents.contains(token.contents) }?.offset
                ?? 0
        }
        let isBlock = reason.contains("template tag") || reason.contains("was not found")
        reason = reason.replacingOccurrences(of: "template tag", with: "tag")
        if reason.hasSuffix(".") { reason.removeLast() }
        if let first = reason.first, first.isUppercase { reason = first.lowercased() + reason.dropFirst() }
        return TemplateIssue(code: isBlock ? .badBlock : code, message: reason, offset: offset)
    }
}

/// The part of a `{{ }}` expression before its filters, and whether Stencil can take it.
struct ExpressionShape {
    let term: String
    let isSingleTerm: Bool
    let isInlineIf: Bool

    init(_ expression: String) {
        var quote: Character?
        var words: [String] = [""]
        var term = ""
        for character in expression {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "|" {
                break
            } else if character == " " {
                if !(words.last?.isEmpty ?? true) { words.append("") }
                term.append(character)
                continue
            }
            words[words.count - 1].append(character)
            term.append(character)
        }
        self.term = term.trimmingSpaces()
        let nonEmpty = words.filter { !$0.isEmpty }
        isSingleTerm = nonEmpty.count <= 1
        isInlineIf = nonEmpty.count > 2 && nonEmpty[1] == "if"
    }
}
