import Foundation

/// Everything a template can read while one task instance is rendered.
///
/// A plain `Sendable` value built by the runtime for each task instance; the renderer never
/// reads the clock, the disk or the metadata store. Dates are rendered in UTC, as Airflow does.
///
/// ```swift
/// let context = TemplateContext(
///     dagId: "etl", taskId: "load", runId: "scheduled__2026-03-08T00:00:00+00:00",
///     logicalDate: start, dataIntervalStart: start, dataIntervalEnd: end,
///     xcom: [XComKey(taskId: "extract"): .string("/tmp/out.csv")])
/// ```
public struct TemplateContext: Sendable, Hashable {
    /// `{{ dag.dag_id }}`.
    public var dagId: String
    /// `{{ task.task_id }}`.
    public var taskId: String
    /// `{{ run_id }}` and `{{ dag_run.run_id }}`.
    public var runId: String
    /// `{{ logical_date }}`, source of `ds`, `ds_nodash`, `ts`, `ts_nodash`, `ts_nodash_with_tz`.
    public var logicalDate: Date
    /// `{{ data_interval_start }}`.
    public var dataIntervalStart: Date
    /// `{{ data_interval_end }}`.
    public var dataIntervalEnd: Date
    /// `{{ params.x }}`: the DAG's params (merged with run conf by the caller if wanted).
    public var params: [String: JSONValue]
    /// `{{ var.name }}`, `{{ var.value.name }}` (text) and `{{ var.json.name.key }}` (parsed JSON).
    public var variables: [String: String]
    /// `{{ conn.my_db.host }}`, `{{ conn.my_db.password }}`...: connections by conn_id.
    public var connections: [String: Connection] = [:]
    /// `{{ dag_run.conf.x }}` (also `{{ conf.x }}`): the run's conf.
    public var conf: [String: JSONValue]
    /// `{{ item }}`: the element a mapped task instance was expanded over; nil when not mapped.
    public var mapItem: JSONValue?
    /// `{{ map_index }}` and `{{ ti.map_index }}`; nil (rendered `-1`, as Airflow does) when not mapped.
    public var mapIndex: Int?
    /// `{{ try_number }}` and `{{ ti.try_number }}`, starting at 1.
    public var tryNumber: Int
    /// Upstream XCom values read by `{{ ti.xcom_pull(...) }}`. A missing value renders empty.
    /// For a mapped upstream, the caller stores the list of its values under the task id.
    public var xcom: [XComKey: JSONValue]
    /// Names only notifier templates see (``TemplateRenderer/notifierNames``): `exception`
    /// and `reason` (the error), `event`, `state`, `dag_run_url`, `ti_url`. Empty for tasks.
    public var notification: [String: JSONValue] = [:]

    /// Creates a context; only the identifiers and dates are required.
    public init(
        dagId: String,
        taskId: String,
        runId: String,
        logicalDate: Date,
        dataIntervalStart: Date,
        dataIntervalEnd: Date,
        params: [String: JSONValue] = [:],
        variables: [String: String] = [:],
        conf: [String: JSONValue] = [:],
        mapItem: JSONValue? = nil,
        mapIndex: Int? = nil,
        tryNumber: Int = 1,
        xcom: [XComKey: JSONValue] = [:]
    ) {
        self.dagId = dagId
        self.taskId = taskId
        self.runId = runId
        self.logicalDate = logicalDate
        self.dataIntervalStart = dataIntervalStart
        self.dataIntervalEnd = dataIntervalEnd
        self.params = params
        self.variables = variables
        self.conf = conf
        self.mapItem = mapItem
        self.mapIndex = mapIndex
        self.tryNumber = tryNumber
        self.xcom = xcom
    }
}

/// Identifies one XCom value of the current DAG run: the task that pushed it and its key.
public struct XComKey: Sendable, Hashable, CustomStringConvertible {
    /// The key a task's return value is stored under (Airflow's `return_value`).
    public static let returnValue = "return_value"

    /// The upstream task's id.
    public var taskId: String
    /// The XCom key; `return_value` unless the template names another.
    public var key: String

    /// Creates a key; `key` defaults to `return_value`.
    public init(taskId: String, key: String = XComKey.returnValue) {
        self.taskId = taskId
        self.key = key
    }

    /// `task_id` or `task_id[key]` when the key is not `return_value`.
    public var description: String {
        key == Self.returnValue ? taskId : "\(taskId)[\(key)]"
    }
}
