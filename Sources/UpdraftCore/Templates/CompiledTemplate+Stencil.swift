import Stencil

/// Building Stencil nodes from the rewritten parts, and mapping Stencil's errors back to tags.
extension CompiledTemplate {
    /// Stencil's token parser, for templates with block tags or inline `if` expressions.
    mutating func parseWithStencil(_ parts: [Part]) {
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
    mutating func checkBlocks(_ parts: [Part]) {
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
    mutating func compileExpressions(_ parts: [Part]) {
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

    func isBlank(_ range: Range<Int>) -> Bool {
        source.skipSpaces(from: range.lowerBound, before: range.upperBound) == range.upperBound
    }

    private mutating func remember(_ token: Token, at offset: Int) -> Token {
        tokens.append((token, offset))
        return token
    }

    /// A Stencil error as an issue located at the tag it came from.
    func issue(for error: any Error, code: TemplateError.Code) -> TemplateIssue {
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
            if tag == "else" { reason += " (in a for loop, write {% empty %} where Jinja has {% else %})" }
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
