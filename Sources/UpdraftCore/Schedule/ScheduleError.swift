/// Why a schedule expression (cron, preset, interval) could not be parsed.
///
/// For cron expressions `field` (1-based) and `token` say where the problem is:
/// `cron field 2 (hour) "25": value out of range 0-23`.
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable kind of schedule error.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text, e.g. `"value_out_of_range"`.
        public var rawValue: String
        /// A code with the given text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// A cron expression without exactly five fields.
        public static let fieldCount = Code(rawValue: "field_count")
        /// A number or name outside the field's range.
        public static let valueOutOfRange = Code(rawValue: "value_out_of_range")
        /// A token that is not a number, name, range, step or list.
        public static let invalidToken = Code(rawValue: "invalid_token")
        /// A range whose start is after its end, e.g. `5-1`.
        public static let invalidRange = Code(rawValue: "invalid_range")
        /// A step that is zero or not a number, e.g. `*/0`.
        public static let invalidStep = Code(rawValue: "invalid_step")
        /// Syntax some crons accept but Updraft does not: `L`, `W`, `#`, `?`.
        public static let unsupportedSyntax = Code(rawValue: "unsupported_syntax")
        /// A cron expression no calendar day can match, e.g. `0 0 30 2 *`.
        public static let neverFires = Code(rawValue: "never_fires")
        /// An `@name` that is not a known preset.
        public static let unknownPreset = Code(rawValue: "unknown_preset")
        /// An interval that is zero or cannot be read.
        public static let invalidInterval = Code(rawValue: "invalid_interval")
        /// Text that is none of: cron, preset, interval, none.
        public static let unrecognized = Code(rawValue: "unrecognized")
    }

    /// What kind of problem this is.
    public var code: Code
    /// A one-line explanation naming what is wrong and where.
    public var message: String
    /// The 1-based cron field (1 = minute ... 5 = day-of-week), when the error is in one.
    public var field: Int?
    /// The offending token (a list item of a cron field, or the whole text).
    public var token: String?

    /// An error with the given parts.
    public init(code: Code, message: String, field: Int? = nil, token: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.token = token
    }

    /// The message.
    public var description: String { message }

    /// An error located in one token of one cron field.
    static func cron(_ code: Code, _ kind: CronFieldKind, _ token: String, _ why: String) -> ScheduleError {
        ScheduleError(
            code: code,
            message: "cron field \(kind.rawValue) (\(kind.name)) \"\(token)\": \(why)",
            field: kind.rawValue,
            token: token
        )
    }
}
