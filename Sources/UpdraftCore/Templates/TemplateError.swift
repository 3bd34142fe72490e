/// Where a template comes from: the task and the field (for example `bash` or `env.OUT`).
public struct TemplateLocation: Sendable, Hashable {
    /// A location with no task and no field, for templates checked on their own.
    public static let unknown = TemplateLocation(taskId: "", field: "")

    /// The task whose field holds the template.
    public var taskId: String
    /// The templated field's name.
    public var field: String

    /// Creates a location.
    public init(taskId: String, field: String) {
        self.taskId = taskId
        self.field = field
    }
}

/// A template that cannot be parsed or rendered: what is wrong, in which task and field,
/// and where in the template text (1-based line and column, counted in characters).
///
/// `description` reads `task 'report' field 'bash' 1:14: unknown filter 'uper' (did you mean 'upper'?)`.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable kind of template error.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text, e.g. `unknown-filter`.
        public var rawValue: String
        /// Creates a code from its text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// A `{{`, `{%` or `{#` without its closing `}}`, `%}` or `#}`.
        public static let unclosedTag = Code(rawValue: "unclosed-tag")
        /// `{{ }}` or `{% %}` with nothing inside.
        public static let emptyTag = Code(rawValue: "empty-tag")
        /// A filter name that is not registered.
        public static let unknownFilter = Code(rawValue: "unknown-filter")
        /// A block tag (`{% name %}`) that is not known, or a block that is not closed.
        public static let badBlock = Code(rawValue: "bad-block")
        /// A `ti.xcom_pull(...)` call whose arguments cannot be understood.
        public static let badXComPull = Code(rawValue: "bad-xcom-pull")
        /// A function or method call other than `ti.xcom_pull(...)`.
        public static let unsupportedCall = Code(rawValue: "unsupported-call")
        /// Any other syntax error reported by the template engine.
        public static let syntax = Code(rawValue: "syntax")
        /// A name no template context defines (a warning: it renders empty, as in Airflow).
        public static let unknownName = Code(rawValue: "unknown-name")
        /// A variable read as `var.x` that does not exist (or is not JSON for `var.json.x`).
        public static let missingVariable = Code(rawValue: "missing-variable")
        /// A connection read as `conn.x` that is not defined.
        public static let missingConnection = Code(rawValue: "missing-connection")
        /// An error raised while rendering (for example a filter given a bad argument).
        public static let render = Code(rawValue: "render")
    }

    /// What kind of error this is.
    public var code: Code
    /// What is wrong, in words, without the location.
    public var message: String
    /// The task whose field holds the template ("" when unknown).
    public var taskId: String
    /// The templated field ("" when unknown).
    public var field: String
    /// 1-based line within the template text.
    public var line: Int
    /// 1-based column within that line, in characters.
    public var column: Int

    /// Creates an error.
    public init(code: Code, message: String, taskId: String, field: String, line: Int, column: Int) {
        self.code = code
        self.message = message
        self.taskId = taskId
        self.field = field
        self.line = line
        self.column = column
    }

    /// `task 'report' field 'bash' 1:14: unknown filter 'uper'`; the task and field parts are
    /// left out when empty.
    public var description: String {
        var parts: [String] = []
        if !taskId.isEmpty { parts.append("task '\(taskId)'") }
        if !field.isEmpty { parts.append("field '\(field)'") }
        parts.append("\(line):\(column):")
        return parts.joined(separator: " ") + " " + message
    }
}
