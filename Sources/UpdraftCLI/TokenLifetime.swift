import Foundation

/// `--expires 30d`: a whole number of seconds (`s`), minutes (`m`), hours (`h`), days (`d`)
/// or weeks (`w`), or `never`.
enum TokenLifetime {
    /// The seconds `text` names (nil for `never`); throws a message for anything else.
    static func parse(_ text: String) throws -> TimeInterval? {
        if text == "never" { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last, let scale = units[unit], let count = Int(text.dropLast()), count > 0,
              count <= 36_500 * 86_400 / Int(scale) else {
            throw TokenLifetimeError("--expires '\(text)' is not a lifetime: write a positive whole number with s, m, h, d or w "
                + "(30d, 12h) up to 100 years, or never")
        }
        return Double(count) * scale
    }
}

/// A lifetime that does not parse.
struct TokenLifetimeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
