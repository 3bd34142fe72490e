/// A problem found in a DAG: while reading its file, or by ``Dag/validate()``.
///
/// `description` reads like a compiler diagnostic:
/// `dags/etl.yml:12:5: error: unknown upstream task 'extrct' of task 'load' (did you mean 'extract'?)`.
public struct DagError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem (stable, for tests and scripts).
    public var code: Code
    /// A plain sentence saying what is wrong and, when known, how to fix it.
    public var message: String
    /// The DAG file, when the DAG came from one.
    public var file: String?
    /// 1-based line in `file`.
    public var line: Int?
    /// 1-based column in `file`.
    public var column: Int?
    /// The DAG concerned, when known.
    public var dagId: String?
    /// The task concerned, when the problem is about one task.
    public var taskId: String?
    /// The key concerned (`upstream`, `trigger_rule`, …), used to point at the right line.
    public var key: String?

    /// An error; position fields are filled in by the YAML path.
    public init(
        _ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
        dagId: String? = nil, taskId: String? = nil, key: String? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.dagId = dagId
        self.taskId = taskId
        self.key = key
    }

    /// `file:line:column: error: message`, leaving out what is unknown.
    public var description: String {
        var place = ""
        if let file {
            place = file
            if let line {
                place += ":\(line)"
                if let column { place += ":\(column)" }
            }
            place += ": "
        } else if let dagId {
            place = "dag '\(dagId)': "
        }
        return "\(place)error: \(message)"
    }

    /// This error placed at `location` (file, line, column), unless it already has a line.
    public func placed(at location: SourceLocation?) -> DagError {
        guard let location, line == nil else { return self }
        var e = self
        e.file = location.file
        e.line = location.line
        e.column = location.column
        return e
    }

    /// The kind of a ``DagError``: an open set of stable names.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The stable name, e.g. `unknown_upstream`.
        public var rawValue: String
        /// A code named `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw name.
        public var description: String { rawValue }
    }
}

extension DagError.Code {
    /// The file is not valid YAML.
    public static let yamlSyntax = Self(rawValue: "yaml_syntax")
    /// A key that the schema does not know.
    public static let unknownKey = Self(rawValue: "unknown_key")
    /// A required key is missing.
    public static let missingKey = Self(rawValue: "missing_key")
    /// A value of the wrong type or shape (e.g. a list where a number was expected).
    public static let invalidValue = Self(rawValue: "invalid_value")
    /// A dag_id, task_id or group_id with characters other than letters, digits, `_`, `-`, `.`.
    public static let invalidId = Self(rawValue: "invalid_id")
    /// The task graph has a cycle.
    public static let cycle = Self(rawValue: "cycle")
    /// An upstream id names no task or group.
    public static let unknownUpstream = Self(rawValue: "unknown_upstream")
    /// Two tasks (or groups) have the same id.
    public static let duplicateTaskId = Self(rawValue: "duplicate_task_id")
    /// Two DAG files declare the same dag_id.
    public static let duplicateDagId = Self(rawValue: "duplicate_dag_id")
    /// The schedule is not a cron expression, preset or interval.
    public static let invalidSchedule = Self(rawValue: "invalid_schedule")
    /// Not one of the trigger rules.
    public static let unknownTriggerRule = Self(rawValue: "unknown_trigger_rule")
    /// Not one of the weight rules.
    public static let unknownWeightRule = Self(rawValue: "unknown_weight_rule")
    /// A number out of its allowed range (negative retries, zero pool slots, …).
    public static let outOfRange = Self(rawValue: "out_of_range")
    /// A sensor lacks a field its kind needs, or has conflicting ones.
    public static let invalidSensor = Self(rawValue: "invalid_sensor")
    /// `expand` reads from a task that does not exist.
    public static let unknownExpandSource = Self(rawValue: "unknown_expand_source")
    /// A templated field does not parse.
    public static let invalidTemplate = Self(rawValue: "invalid_template")
    /// end_date is before start_date.
    public static let invalidDateRange = Self(rawValue: "invalid_date_range")
    /// Not an IANA time zone name.
    public static let invalidTimezone = Self(rawValue: "invalid_timezone")
    /// A date or datetime that does not parse.
    public static let invalidDate = Self(rawValue: "invalid_date")
    /// The task kind is missing or several kinds are given.
    public static let invalidTaskKind = Self(rawValue: "invalid_task_kind")
    /// The file could not be read.
    public static let unreadableFile = Self(rawValue: "unreadable_file")
}

/// A place in a DAG file.
public struct SourceLocation: Sendable, Hashable {
    /// The file path as given to the parser.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// A location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}
