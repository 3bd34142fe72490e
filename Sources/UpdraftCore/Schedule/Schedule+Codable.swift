/// A schedule is stored as its text (`"@daily"`, `"0 6 * * *"`, `"30m"`, `"none"`) and
/// parsed again when read, so stored DAGs stay readable by people.
extension Schedule: Codable {
    /// Reads the schedule text (or null for `.none`); a bad text is a `DecodingError` whose
    /// message is the `ScheduleError`'s.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String? = container.decodeNil() ? nil : try container.decode(String.self)
        do {
            self = try Schedule(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Writes `description`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
