import Foundation
import Stencil

extension TemplateContext {
    /// The names a template can read, as Stencil values. `pulls` are the template's
    /// `xcom_pull` calls: `__xcom_N` holds the value of call N (absent when missing).
    func stencilDictionary(pulls: [XComPull]) -> [String: Any] {
        let logical = TemplateDate(logicalDate)
        let start = TemplateDate(dataIntervalStart)
        let end = TemplateDate(dataIntervalEnd)
        let conf = conf.mapValues(TemplateValue.stencil)
        let map = mapIndex ?? -1
        var values: [String: Any] = [
            "ds": logical.ds,
            "ds_nodash": logical.dsNodash,
            "ts": logical.ts,
            "ts_nodash": logical.tsNodash,
            "ts_nodash_with_tz": logical.tsNodashWithTz,
            "logical_date": logical,
            "data_interval_start": start,
            "data_interval_end": end,
            "run_id": runId,
            "dag": ["dag_id": dagId],
            "task": ["task_id": taskId],
            "params": params.mapValues(TemplateValue.stencil),
            "var": variableAccessor(),
            "conf": conf,
            "dag_run": [
                "dag_id": dagId, "run_id": runId, "conf": conf, "logical_date": logical,
                "data_interval_start": start, "data_interval_end": end,
            ] as [String: Any],
            "map_index": map,
            "try_number": tryNumber,
            "task_instance_key_str": "\(dagId)__\(taskId)__\(logical.dsNodash)",
        ]
        let instance: [String: Any] = [
            "dag_id": dagId, "task_id": taskId, "run_id": runId, "try_number": tryNumber, "map_index": map,
        ]
        values["ti"] = instance
        values["task_instance"] = instance
        if let mapItem {
            values["item"] = TemplateValue.stencil(mapItem)
        }
        for (index, pull) in pulls.enumerated() {
            if let value = pull.value(in: xcom) {
                values[ExpressionRewriter.xcomPrefix + String(index)] = TemplateValue.stencil(value)
            }
        }
        return values
    }

    /// `var.name` and `var.value.name` read a variable as text; `var.json.name` parses it as
    /// JSON. `value` and `json` are Airflow's accessors and win over variables of those names.
    private func variableAccessor() -> [String: Any] {
        var accessor: [String: Any] = variables
        accessor["value"] = variables
        accessor["json"] = VariableJSONLookup(variables: variables)
        return accessor
    }
}

/// `var.json.name`: parses the variable's text as JSON when a template reads it.
struct VariableJSONLookup: DynamicMemberLookup, CustomStringConvertible {
    let variables: [String: String]

    subscript(dynamicMember member: String) -> Any? {
        guard let text = variables[member],
              let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        return TemplateValue.stencil(value)
    }

    var description: String { "" }
}
