extension ExpressionRewriter {
    /// `macros.ds_add(ds, 1)` becomes `ds|__ds_add:1`, `x.strftime(f)` becomes `x|__strftime:f`:
    /// the first argument (or the object) stays at the head, the others become filter arguments.
    /// `d.get(k, v)` becomes `d[k]|default:v`.
    mutating func rewriteMacro(_ macro: TemplateMacro, name: String, start: Int, open: Int, close: Int) {
        guard depth == 0 else {
            issues.append(TemplateIssue(
                code: .unsupportedCall,
                message: "'\(name)(...)' must start an expression; it cannot be a filter or macro argument",
                offset: start))
            return
        }
        let arguments = source.arguments(between: open, and: close)
        guard macro.arity.contains(arguments.count) else {
            issues.append(TemplateIssue(
                code: .syntax, message: "'\(name)' takes \(macro.signature), got \(arguments.count) argument(s)",
                offset: start))
            return
        }
        if let object = macro.object {
            // The object's first segment is a name the template reads, like any path's.
            recordName(at: start, length: object.utf8.prefix { $0 != UInt8(ascii: ".") }.count)
        }
        if case .get(let object) = macro {
            output.append(contentsOf: Array((object + "[").utf8))
            depth += 1
            rewrite(arguments[0])
            output.append(UInt8(ascii: "]"))
            if arguments.count == 2 {
                output.append(contentsOf: Array("|default:".utf8))
                rewrite(arguments[1])
            }
            depth -= 1
            return
        }
        if let object = macro.object {
            output.append(contentsOf: Array(object.utf8))
        } else {
            rewrite(arguments[0])
        }
        output.append(contentsOf: Array(("|" + macro.filter).utf8))
        let rest = macro.object == nil ? Array(arguments.dropFirst()) : arguments
        depth += 1
        for (index, argument) in rest.enumerated() {
            output.append(UInt8(ascii: index == 0 ? ":" : ","))
            rewrite(argument)
        }
        depth -= 1
    }
}
