/// Ids that name files (run ids and task ids become log folder names): `/`, `..`, NUL and
/// other control characters are refused, so no request can point outside the logs folder.
enum IdCheck {
    /// Whether `id` is safe as one path component.
    static func isSafe(_ id: String) -> Bool {
        !id.isEmpty && !id.contains("/") && !id.contains("..") && !id.contains("\\")
            && !hasControlCharacters(id)
    }

    /// Whether `text` holds a control character (NUL included).
    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }

    /// Throws a 400 naming `field` when `id` is not safe.
    static func require(_ id: String, field: String) throws {
        guard isSafe(id) else {
            throw APIProblem.badRequest("\(field) '\(id.debugDescription.dropFirst().dropLast())' must not be empty "
                + "nor contain '/', '\\\\', '..' or control characters")
        }
    }
}
