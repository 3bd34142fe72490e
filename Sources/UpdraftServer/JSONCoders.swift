import Foundation

extension JSONEncoder {
    /// The API's encoder: sorted keys (stable output), ISO 8601 dates are formatted by the
    /// wire types themselves.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
