import Foundation
import Stencil

extension TemplateContext {
    /// The Stencil values for `names` (the names a template reads; unknown ones are left out
    /// and render empty) and for `pulls`, the template's `xcom_pull` calls: `__xcom_N` holds
    /// the value of call N (absent when missing). Only what the template reads is built.
    func stencilDictionary(names: Set<String>, pulls: [XComPull]) -> [String: Any] {
        var values: [String: Any] = [:]
        values.reserveCapacity(names.count + pulls.count)
        for name in names {
            if let value = stencilValue(named: name) { values[name] = value }
        }
        for (index, pull) in pulls.enumerated() {
            if let value = pull.value(in: xcom) {
                values[ExpressionRewriter.xcomPrefix + String(index)] = TemplateValue.stencil(value)
            }
        }
        return values
    }

    /// The Stencil value of one top-level name, nil when the context does not define it.
    func stencilValue(named name: String) -> Any? {
        switch name {
        case "ds": TemplateDate(logicalDate).ds
        case "ds_nodash": TemplateDate(logicalDate).dsNodash
        case "ts": TemplateDate(logicalDate).ts
        case "ts_nodash": TemplateDate(logicalDate).tsNodash
        case "ts_nodash_with_tz": TemplateDate(logicalDate).tsNodashWithTz
        case "logical_date": TemplateDate(logicalDate)
        case "data_interval_start": TemplateDate(dataIntervalStart)
        case "data_interval_end": TemplateDate(dataIntervalEnd)
        case "run_id": runId
        case "dag": ["dag_id": dagId]
        case "task": ["task_id": taskId]
        case "params": params.mapValues(TemplateValue.stencil)
        case "var": variableAccessor()
        case "conn": connections.mapValues { $0.templateFields.mapValues(TemplateValue.stencil) }
        case "conf": conf.mapValues(TemplateValue.stencil)
        case "dag_run":
            [
                "dag_id": dagId, "run_id": runId, "conf": conf.mapValues(TemplateValue.stencil),
                "logical_date": TemplateDate(logicalDate), "data_interval_start": TemplateDate(dataIntervalStart),
                "data_interval_end": TemplateDate(dataIntervalEnd),
            ] as [String: Any]
        case "map_index": mapIndex ?? -1
        case "try_number": tryNumber
        case "task_instance_key_str": "\(dagId)__\(taskId)__\(TemplateDate(logicalDate).dsNodash)"
        case "ti", "task_instance":
            [
                "dag_id": dagId, "task_id": taskId, "run_id": runId, "try_number": tryNumber,
                "map_index": mapIndex ?? -1,
            ] as [String: Any]
        case "item": mapItem.map(TemplateValue.stencil)
        default: notification[name].map(TemplateValue.stencil)
        }
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
