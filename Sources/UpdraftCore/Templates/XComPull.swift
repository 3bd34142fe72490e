/// One `ti.xcom_pull(...)` call found in a template, with its arguments understood.
///
/// Airflow's signature is `xcom_pull(task_ids=None, dag_id=None, key='return_value', ...)`;
/// Updraft supports `task_ids` (a string, or a list of strings which pulls a list), `key` and
/// `default` (returned when the value is missing). The other Airflow arguments (`dag_id`,
/// `run_id`, `include_prior_dates`, `map_indexes`) are rejected with a clear error: pulls
/// always read the current DAG run.
struct XComPull: Equatable {
    var taskIds: [String]
    /// True for `task_ids=[...]`: the call renders a list of the values found.
    var pullsList: Bool
    var key: String
    var defaultValue: JSONValue?

    /// The keys this call reads.
    var keys: [XComKey] { taskIds.map { XComKey(taskId: $0, key: key) } }

    /// The value the call yields for the given XCom values: nil when missing and no default.
    func value(in xcom: [XComKey: JSONValue]) -> JSONValue? {
        if pullsList {
            return .array(keys.compactMap { xcom[$0] })
        }
        return keys.first.flatMap { xcom[$0] } ?? defaultValue
    }
}
