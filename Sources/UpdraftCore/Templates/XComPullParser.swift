/// Parses the argument list of a `ti.xcom_pull(...)` call: keyword or positional, in any
/// order, either quote style, any whitespace. Python literals only: no expressions.
struct XComPullParser {
    private let source: TemplateSource
    private var index: Int
    private let end: Int
    private var pull = XComPull(taskIds: [], pullsList: false, key: XComKey.returnValue)
    private var seen: Set<String> = []
    private var sawKeyword = false
    private var positionalCount = 0

    private static let unsupported: Set<String> = ["dag_id", "run_id", "include_prior_dates", "map_indexes"]

    /// Parses the arguments between `open` (the `(`) and `close` (the `)`); `callStart` is
    /// where the call begins, for errors that concern the whole call.
    static func parse(
        _ source: TemplateSource, open: Int, close: Int, callStart: Int
    ) -> Result<XComPull, TemplateIssue> {
        var parser = XComPullParser(source: source, index: open + 1, end: close)
        do {
            try parser.parseArguments()
        } catch {
            return .failure(error)
        }
        guard !parser.pull.taskIds.isEmpty || parser.pull.pullsList else {
            return .failure(issue("task_ids is required, e.g. ti.xcom_pull(task_ids='extract')", at: callStart))
        }
        return .success(parser.pull)
    }

    private init(source: TemplateSource, index: Int, end: Int) {
        self.source = source
        self.index = index
        self.end = end
    }

    private mutating func parseArguments() throws(TemplateIssue) {
        skipSpaces()
        while index < end {
            let argumentStart = index
            let name = keywordName()
            if name == nil && sawKeyword {
                throw Self.issue("positional argument after a keyword argument", at: argumentStart)
            }
            let valueStart = index
            let value = try literal()
            let argumentName: String
            if let name { argumentName = name } else { argumentName = try positionalName(at: argumentStart) }
            try assign(value, to: argumentName, argumentAt: argumentStart, valueAt: valueStart)
            skipSpaces()
            if index < end {
                guard source[index] == UInt8(ascii: ",") else {
                    throw Self.issue("expected ',' or ')' after an argument", at: index)
                }
                index += 1
                skipSpaces()
            }
        }
    }

    /// Reads `name =` and returns the name, or leaves `index` alone and returns nil.
    private mutating func keywordName() -> String? {
        let nameEnd = source.identifierEnd(from: index, before: end)
        guard nameEnd > index else { return nil }
        let equals = source.skipSpaces(from: nameEnd, before: end)
        guard source.at(equals) == UInt8(ascii: "="), source.at(equals + 1) != UInt8(ascii: "=") else { return nil }
        let name = source.text(index..<nameEnd)
        index = source.skipSpaces(from: equals + 1, before: end)
        sawKeyword = true
        return name
    }

    private mutating func positionalName(at offset: Int) throws(TemplateIssue) -> String {
        positionalCount += 1
        guard positionalCount == 1 else {
            throw Self.issue(
                "only one positional argument (task_ids) is supported; Airflow's second one is dag_id: "
                    + "write key='...' for a key", at: offset)
        }
        return "task_ids"
    }

    private mutating func assign(
        _ value: JSONValue, to name: String, argumentAt offset: Int, valueAt valueOffset: Int
    ) throws(TemplateIssue) {
        guard seen.insert(name).inserted else {
            throw Self.issue("argument '\(name)' is given twice", at: offset)
        }
        switch (name, value) {
        case ("task_ids", .string(let taskId)) where !taskId.isEmpty:
            pull.taskIds = [taskId]
        case ("task_ids", .array(let items)) where items.allSatisfy(Self.isNonEmptyString):
            pull.taskIds = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
            pull.pullsList = true
        case ("task_ids", _):
            throw Self.issue("task_ids must be a non-empty quoted string or a list of them", at: valueOffset)
        case ("key", .string(let key)) where !key.isEmpty:
            pull.key = key
        case ("key", _):
            throw Self.issue("key must be a non-empty quoted string", at: valueOffset)
        case ("default", _):
            pull.defaultValue = value
        case _ where Self.unsupported.contains(name):
            throw Self.issue("argument '\(name)' is not supported: xcom_pull reads the current DAG run", at: offset)
        default:
            throw Self.issue("unknown argument '\(name)' (expected task_ids, key or default)", at: offset)
        }
    }

    private static func isNonEmptyString(_ value: JSONValue) -> Bool {
        if case .string(let s) = value { !s.isEmpty } else { false }
    }

    private mutating func literal() throws(TemplateIssue) -> JSONValue {
        try PythonLiteral.read(source, at: &index, before: end)
    }

    private mutating func skipSpaces() {
        index = source.skipSpaces(from: index, before: end)
    }

    static func issue(_ message: String, at offset: Int) -> TemplateIssue {
        TemplateIssue(code: .badXComPull, message: "ti.xcom_pull: " + message, offset: offset)
    }
}
