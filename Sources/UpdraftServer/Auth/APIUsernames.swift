/// The rule for API usernames.
public enum APIUsernames {
    /// Why `name` cannot be a username, or nil when it can: 1 to 64 characters of letters,
    /// digits, `.`, `_`, `-` and `@`.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "the username must not be empty" }
        if name.count > 64 { return "the username is over 64 characters" }
        let allowed = name.unicodeScalars.allSatisfy { s in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || ".-_@".unicodeScalars.contains(s))
        }
        if !allowed {
            return "the username '\(name.debugDescription.dropFirst().dropLast())' may hold only ASCII letters, digits, '.', '_', '-' and '@'"
        }
        return nil
    }
}
