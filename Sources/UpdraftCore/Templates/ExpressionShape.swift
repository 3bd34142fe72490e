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
