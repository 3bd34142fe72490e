/// Checks of a sensor's fields (Airflow's `ExternalTaskSensor` rules and friends).
enum SensorChecks {
    /// Problems of `sensor`, each with the key concerned.
    static func problems(_ sensor: SensorSpec) -> [(key: String, message: String)] {
        var out: [(key: String, message: String)] = []
        if sensor.pokeInterval.seconds == 0 {
            out.append(("poke_interval", "poke_interval must be above 0s"))
        }
        if let maxWait = sensor.maxWait, maxWait < sensor.pokeInterval {
            out.append(("max_wait", "max_wait \(maxWait) is below poke_interval \(sensor.pokeInterval)"))
        }
        switch sensor.kind {
        case .externalTask(let t):
            if t.externalDagId.isEmpty {
                out.append(("external_dag_id", "external_task sensor needs external_dag_id"))
            }
            if !t.externalTaskIds.isEmpty, t.externalTaskGroupId != nil {
                out.append(("external_task_group_id",
                            "give only one of external_task_id, external_task_ids and external_task_group_id"))
            }
            if Set(t.externalTaskIds).count != t.externalTaskIds.count {
                out.append(("external_task_ids", "external_task_ids has duplicate task ids"))
            }
            if t.allowedStates.isEmpty {
                out.append(("allowed_states", "allowed_states is empty"))
            }
            let lists = [("allowed_states", t.allowedStates), ("failed_states", t.failedStates),
                         ("skipped_states", t.skippedStates)]
            for i in lists.indices {
                for j in lists.indices where j > i {
                    let both = Set(lists[i].1).intersection(lists[j].1)
                    if !both.isEmpty {
                        let names = both.map(\.rawValue).sorted().joined(separator: ", ")
                        out.append((lists[j].0, "\(lists[i].0) and \(lists[j].0) overlap: \(names)"))
                    }
                }
            }
        case .file(let path):
            if path.isEmpty { out.append(("filepath", "file sensor needs filepath")) }
        case .command(let command):
            if command.isEmpty { out.append(("command", "command sensor needs command")) }
        case .timeDelta:
            break
        }
        return out
    }
}
