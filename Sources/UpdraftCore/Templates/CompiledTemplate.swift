import Foundation
import Stencil

/// A template scanned, rewritten (see `ExpressionRewriter`) and, as far as `purpose` needs,
/// parsed into Stencil nodes.
///
/// Updraft builds Stencil's tokens and nodes itself from `TemplateScanner`'s tags, so every
/// token maps back, by identity, to the offset of its tag in the original text: errors from
/// Stencil (unknown tag, `endif` not found, a filter failing while rendering) get the right
/// line:column. Templates made only of text and `{{ }}` expressions (most of them) skip
/// Stencil's token parser: checking them needs nothing more than the rewriter's checks, and
/// rendering compiles each expression with `Environment.compileFilter` directly.
struct CompiledTemplate {
    /// How far to go.
    enum Purpose {
        /// Scan and rewrite only: enough for `xcom_pull` references and names.
        case inspect
        /// Everything `validate` reports: also parse block tags with Stencil.
        case check
        /// Ready to render.
        case render
    }

    private enum Part {
        case text(Range<Int>)
        case expression(String, offset: Int, inlineIf: Bool)
        case statement(String, offset: Int)
    }

    let source: TemplateSource
    private(set) var issues: [TemplateIssue] = []
    private(set) var pulls: [XComPull] = []
    /// Names the template reads (first segment), for `TemplateRenderer.warnings`.
    private(set) var names: [Range<Int>] = []
    /// Names bound by `{% for a, b in ... %}`.
    private(set) var loopVariables: Set<String> = []
    private var nodes: [NodeType] = []
    private var tokens: [(token: Token, offset: Int)] = []

    init(_ template: String, purpose: Purpose) {
        source = TemplateSource(template)
        let scanner = TemplateScanner(source: source)
        issues = scanner.issues
        var rewriter = ExpressionRewriter(source: source)
        let parts = scanner.segments.compactMap { part(for: $0, rewriter: &rewriter, purpose: purpose) }
        issues += rewriter.issues
        issues = issues.enumerated()
            .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
            .map(\.element)
        pulls = rewriter.pulls
        names = rewriter.names
        guard purpose != .inspect, issues.isEmpty else { return }
        let needsTokenParser = parts.contains {
            switch $0 {
            case .statement: true
            case .expression(_, _, let inlineIf): inlineIf
            case .text: false
            }
        }
        if needsTokenParser && purpose == .check {
            checkBlocks(parts)
        } else if needsTokenParser {
            parseWithStencil(parts)
        } else if purpose == .render {
            compileExpressions(parts)
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

    private mutating func part(
        for segment: TemplateSegment, rewriter: inout ExpressionRewriter, purpose: Purpose
    ) -> Part? {
        let tag: TemplateTag
        switch segment {
        case .text(let range): return .text(range)
        case .tag(let found): tag = found
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
            return .expression(expression, offset: tag.start, inlineIf: shape.isInlineIf)
        case .block:
            let statement = rewriter.rewriteTag(tag.content)
            guard !isBlank(tag.content) else {
                issues.append(TemplateIssue(code: .emptyTag, message: "'{% %}' has no tag name", offset: tag.start))
                return nil
            }
            if purpose == .inspect, statement.hasPrefix("for ") {
                let declared = statement.dropFirst(4).components(separatedBy: " in ").first ?? ""
                for name in declared.split(separator: ",") {
                    loopVariables.insert(name.trimmingCharacters(in: .whitespaces))
                }
            }
            return .statement(statement, offset: tag.start)
        }
    }

    /// Stencil's token parser, for templates with block tags or inline `if` expressions.
    private mutating func parseWithStencil(_ parts: [Part]) {
        let stencilTokens = parts.map { part -> Token in
            switch part {
            case .text(let range):
                return .text(value: source.text(range), at: StencilSupport.sourceMap)
            case .expression(let expression, let offset, let inlineIf):
                // The inline-if form keeps Stencil's own rendering: a filter would only apply to its else part.
                let value = inlineIf ? expression : expression + "|" + TemplateFilters.render
                return remember(.variable(value: value, at: StencilSupport.sourceMap), at: offset)
            case .statement(let statement, let offset):
                return remember(.block(value: statement, at: StencilSupport.sourceMap), at: offset)
            }
        }
        do {
            nodes = try TokenParser(tokens: stencilTokens, environment: StencilSupport.environment).parse()
        } catch {
            issues.append(issue(for: error, code: .syntax))
        }
    }

    /// What `validate` needs from Stencil: does the block structure parse? Only block
    /// statements and inline-if expressions can fail there, so texts and plain expressions
    /// become trivial tokens, and the outcome is memoised by `BlockCheckCache`.
    private mutating func checkBlocks(_ parts: [Part]) {
        var key = ""
        var offsets: [Int] = []
        for part in parts {
            switch part {
            case .statement(let statement, let offset):
                key += "%" + statement + "\u{0}"
                offsets.append(offset)
            case .expression(let expression, let offset, true):
                key += "{" + expression + "\u{0}"
                offsets.append(offset)
            case .expression, .text:
                key += "."
            }
        }
        if let cached = BlockCheckCache.shared.outcome(for: key) {
            if let failure = cached {
                let offset = offsets.indices.contains(failure.tagIndex) ? offsets[failure.tagIndex] : 0
                issues.append(TemplateIssue(code: failure.code, message: failure.message, offset: offset))
            }
            return
        }
        let stencilTokens = parts.map { part -> Token in
            switch part {
            case .text: .text(value: "", at: StencilSupport.sourceMap)
            case .expression(let expression, let offset, true):
                remember(.variable(value: expression, at: StencilSupport.sourceMap), at: offset)
            case .expression: .variable(value: "x", at: StencilSupport.sourceMap)
            case .statement(let statement, let offset):
                remember(.block(value: statement, at: StencilSupport.sourceMap), at: offset)
            }
        }
        do {
            _ = try TokenParser(tokens: stencilTokens, environment: StencilSupport.environment).parse()
            BlockCheckCache.shared.store(nil, for: key)
        } catch {
            let issue = issue(for: error, code: .syntax)
            issues.append(issue)
            let index = tokens.firstIndex { $0.offset == issue.offset } ?? -1
            BlockCheckCache.shared.store(.init(code: issue.code, message: issue.message, tagIndex: index), for: key)
        }
    }

    /// Text and plain expressions: nodes built directly, without Stencil's token parser.
    private mutating func compileExpressions(_ parts: [Part]) {
        do {
            for part in parts {
                switch part {
                case .text(let range):
                    nodes.append(TextNode(text: source.text(range)))
                case .expression(let expression, let offset, _):
                    let token = remember(.variable(value: expression, at: StencilSupport.sourceMap), at: offset)
                    do {
                        let resolvable = try StencilSupport.environment.compileFilter(expression)
                        nodes.append(ExpressionNode(resolvable: resolvable, token: token))
                    } catch {
                        throw TemplateSyntaxError(reason: "\(error)", token: token)
                    }
                case .statement:
                    preconditionFailure("statements go through Stencil's token parser")
                }
            }
        } catch {
            issues.append(issue(for: error, code: .syntax))
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
        if let tag = Self.closingTag(in: reason) {
            reason = "unexpected '{% \(tag) %}': its block is not open, or a block inside it is not closed"
        }
        return TemplateIssue(code: isBlock ? .badBlock : code, message: reason, offset: offset)
    }
}

extension CompiledTemplate {
    /// `endfor` in "unknown tag 'endfor'" (also `else`, `elif`, `empty`): a tag that only
    /// makes sense inside a block, met where that block is not open.
    static func closingTag(in reason: String) -> String? {
        let prefix = "unknown tag '"
        guard reason.hasPrefix(prefix), reason.hasSuffix("'") else { return nil }
        let tag = String(reason.dropFirst(prefix.count).dropLast())
        return tag.hasPrefix("end") || ["else", "elif", "empty"].contains(tag) ? tag : nil
    }
}

/// A `{{ }}` expression compiled by Stencil, rendered with Updraft's value rules
/// (`TemplateValue.text`: lists and dictionaries as JSON, dates like Python).
final class ExpressionNode: NodeType {
    let resolvable: Resolvable
    let token: Token?

    init(resolvable: Resolvable, token: Token) {
        self.resolvable = resolvable
        self.token = token
    }

    func render(_ context: Context) throws -> String {
        TemplateValue.text(try resolvable.resolve(context))
    }
}
