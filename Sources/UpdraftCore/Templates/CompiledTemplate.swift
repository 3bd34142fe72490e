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

    enum Part {
        case text(Range<Int>)
        case expression(String, offset: Int, inlineIf: Bool)
        case statement(String, offset: Int)
    }

    /// Stencil tags that need a template loader (or a clock), which Updraft does not give them.
    static let unsupportedTags: Set<String> = ["include", "extends", "block", "endblock", "now"]

    let source: TemplateSource
    var issues: [TemplateIssue] = []
    private(set) var pulls: [XComPull] = []
    /// Names the template reads (first segment): the context entries to build when
    /// rendering, and what `TemplateRenderer.warnings` checks.
    private(set) var names: [Range<Int>] = []
    /// The variables the template reads (`var.x`, `var.value.x`, `var.json.x`).
    private(set) var variables: [VariableReference] = []
    /// Names bound by `{% for a, b in ... %}`.
    private(set) var loopVariables: Set<String> = []
    var nodes: [NodeType] = []
    /// Every Stencil token built for a tag, with the tag's offset, to locate Stencil's errors.
    var tokens: [(token: Token, offset: Int)] = []

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
        variables = rewriter.variables
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

    /// The distinct names the template reads, as text.
    var nameSet: Set<String> {
        Set(names.map { source.text($0) })
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
            let tagName = statement.prefix { $0 != " " }
            if Self.unsupportedTags.contains(String(tagName)) {
                issues.append(TemplateIssue(
                    code: .badBlock,
                    message: "'{% \(tagName) %}' is not supported: a template is one task field, with no other templates to load",
                    offset: tag.start))
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
}
