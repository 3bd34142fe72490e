import Foundation
import UpdraftCore

extension Dag {
    /// A DAG declared in Swift. Settings use the YAML file's names and text forms
    /// (`schedule: "0 6 * * *"`, `startDate: "2026-01-01"`, `timezone: "Europe/Berlin"`);
    /// the block declares tasks, groups and `>>` chains (see ``DagBuilder``).
    ///
    /// ```swift
    /// let etl = try Dag("etl", schedule: "@daily", startDate: "2026-01-01",
    ///                   defaultArgs: TaskDefaults(owner: "data", retries: 2)) {
    ///     BashTask("extract", "echo extract {{ ds }}") >> SwiftTask("load") { _ in .string("ok") }
    /// }
    /// let problems = etl.validate()   // [] when valid
    /// ```
    ///
    /// Swift task closures are named `dag_id.task_id` (with group prefix).
    ///
    /// - Throws: ``DagImportError`` listing every setting that does not parse (schedule,
    ///   dates, time zone); graph problems (cycles, unknown upstream) are left to
    ///   ``validate()`` and to ``DagBag/add(_:file:)``.
    public init(
        _ dagId: String, description: String? = nil, schedule: String? = nil, startDate: String? = nil,
        endDate: String? = nil, timezone: String = "UTC", catchup: Bool = false, maxActiveRuns: Int = 16,
        maxActiveTasks: Int = 16, params: [String: JSONValue] = [:], tags: [String] = [],
        defaultArgs: TaskDefaults = TaskDefaults(), file: String = #fileID,
        @DagBuilder tasks: () -> DagParts
    ) throws(DagImportError) {
        var errors: [DagError] = []
        func fail(_ code: DagError.Code, _ message: String, key: String) {
            errors.append(DagError(code, message, file: file, dagId: dagId, key: key))
        }
        let zone = TimeZone(identifier: timezone) ?? .utcZone
        if TimeZone(identifier: timezone) == nil {
            fail(.invalidTimezone, "unknown timezone '\(timezone)' (use an IANA name such as Europe/Berlin)", key: "timezone")
        }
        var parsedSchedule = Schedule.none
        do { parsedSchedule = try Schedule(parsing: schedule) } catch {
            fail(.invalidSchedule, "invalid schedule: \(error.message)", key: "schedule")
        }
        func date(_ text: String?, key: String) -> Date? {
            guard let text else { return nil }
            guard let d = ISOTimestamp.parse(text, defaultTimeZone: zone) else {
                fail(.invalidDate, "invalid \(key) '\(text)': use 2026-01-01 or 2026-01-01T06:00:00", key: key)
                return nil
            }
            return d
        }
        let start = date(startDate, key: "start_date")
        let end = date(endDate, key: "end_date")
        guard errors.isEmpty else { throw DagImportError(file: file, errors: errors) }

        let assembly = DagAssembler.assemble(tasks().resolvedNodes(), defaults: defaultArgs)
        let named = assembly.tasks.map { Self.namingClosures($0, dagId: dagId) }
        self.init(dagId: dagId, description: description, schedule: parsedSchedule, startDate: start,
                  endDate: end, timezone: zone, catchup: catchup, maxActiveRuns: maxActiveRuns,
                  maxActiveTasks: maxActiveTasks, params: params, tags: tags, defaultArgs: defaultArgs,
                  tasks: named, taskGroups: assembly.groups, fileLocation: file)
        if !assembly.errors.isEmpty {
            throw DagImportError(file: file, errors: assembly.errors.map { e in
                var e = e
                e.file = file
                e.dagId = dagId
                return e
            })
        }
    }

    /// The task with its Swift closure renamed `dag_id.task_id`.
    static func namingClosures(_ task: TaskSpec, dagId: String) -> TaskSpec {
        var t = task
        switch t.kind {
        case .swift(let body): t.kind = .swift(SwiftTaskBody(name: "\(dagId).\(t.taskId)", body.run))
        case .swiftBranch(let body): t.kind = .swiftBranch(SwiftTaskBody(name: "\(dagId).\(t.taskId)", body.run))
        default: break
        }
        return t
    }
}
