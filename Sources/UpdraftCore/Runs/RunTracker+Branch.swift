import Foundation

extension RunTracker {
    /// A branch task succeeded having chosen `chosen` (task or group ids): Airflow's
    /// `BranchMixin.skip_all_except`. The chosen set is widened with everything downstream of
    /// a chosen task (so a direct edge branch → join does not skip the join); every other
    /// direct downstream task's waiting instances are skipped. Unknown ids fail the branch.
    mutating func applyBranch(_ slot: Int, task t: Int, chosen: [String], now: Date) {
        var chosenTasks: [Int] = []
        var unknown: [String] = []
        for id in chosen {
            if let c = graph.index[id] {
                chosenTasks.append(c)
            } else if let members = graph.groupTasks[id] {
                chosenTasks.append(contentsOf: members.compactMap { graph.index[$0] })
            } else {
                unknown.append(id)
            }
        }
        guard unknown.isEmpty else {
            let valid = graph.downstream[t].map { graph.tasks[$0].taskId }.joined(separator: ", ")
            problems.append(
                "\(slots[slot].id): branch chose unknown task ids \(unknown.joined(separator: ", ")) "
                    + "(direct downstream tasks: \(valid.isEmpty ? "none" : valid)); the branch task fails")
            fail(slot, task: t, now: now)
            return
        }
        assign(slot, .success)
        let followed = graph.closureDownstream(of: chosenTasks)
        for d in graph.downstream[t] where !followed.contains(d) {
            for s in taskSlots[d] where counted[s] && slots[s].state.isRunnable {
                finish(s, .skipped, now: now)
            }
        }
    }
}
