import Stencil

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
