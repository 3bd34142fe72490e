/// The part of a `{{ }}` expression before its filters, and whether Stencil can take it:
/// a single name or literal (`ds`, `params.x`, `'text'`), or Stencil's inline
/// `a if condition else b`. Anything else (`a ~ b`, `a + 1`) would silently render wrong.
struct ExpressionShape {
    let term: String
    let isSingleTerm: Bool
    let isInlineIf: Bool

    init(_ expression: String) {
        var quote: UInt8 = 0
        var wordCount = 0
        var inWord = false
        var secondWordIsIf = false
        var wordStart = 0
        var termEnd = 0
        let bytes = Array(expression.utf8)
        for (index, byte) in bytes.enumerated() {
            termEnd = index + 1
            if quote != 0 {
                if byte == quote { quote = 0 }
                continue
            }
            if TemplateSource.isQuote(byte) {
                quote = byte
            } else if byte == UInt8(ascii: "|") {
                termEnd = index
                break
            }
            if byte == 0x20 {
                if inWord, wordCount == 2 { secondWordIsIf = bytes[wordStart..<index].elementsEqual("if".utf8) }
                inWord = false
            } else if !inWord {
                inWord = true
                wordCount += 1
                wordStart = index
            }
        }
        term = String(decoding: bytes[..<termEnd], as: UTF8.self).trimmingSpaces()
        isSingleTerm = wordCount <= 1
        isInlineIf = wordCount > 2 && secondWordIsIf
    }
}
