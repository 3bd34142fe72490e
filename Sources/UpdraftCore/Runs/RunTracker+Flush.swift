import Foundation

extension RunTracker {
    /// The run's state from the tallies, as Airflow's `DagRun.update_state`: with nothing
    /// unfinished, failed if a leaf instance is failed/upstream_failed, else success; with
    /// unfinished instances but none in flight, ready or waiting for a retry, and none that
    /// depends on the past or waits for a map length: deadlock, failed; otherwise running.
    func computedRunState() -> DagRunState {
        if unfinished == 0 { return leafFailures > 0 ? .failed : .success }
        if active > 0 { return .running }
        for t in graph.tasks.indices where waiting[t] > 0 {
            if graph.tasks[t].dependsOnPast { return .running }
            if let p = placeholder[t], slots[p].state == .none, mapLength[t] == nil { return .running }
        }
        return .failed
    }

    /// Ends a step: the run's state, and everything accumulated since the last step.
    mutating func flush() -> RunDecisions {
        let state = computedRunState()
        var decisions = RunDecisions()
        if state != currentRunState {
            currentRunState = state
            decisions.runState = state
        }
        decisions.changed = changeOrder(dirty).map { slots[$0] }
        var seen = Set<Int>()
        let ready = readied.filter { slots[$0].state == .scheduled && seen.insert($0).inserted }
        decisions.toSchedule = priorityOrder(ready).map { slots[$0].id }
        decisions.nextWakeup = retryQueue.peek(isCurrent: isRetryEntryCurrent)?.due
        decisions.awaitingMapLength = awaiting
            .filter { placeholder[$0].map { slots[$0].state == .none } ?? false }
            .sorted { graph.position[$0] < graph.position[$1] }
            .map { graph.tasks[$0].taskId }
        decisions.problems = problems
        dirty.removeAll(keepingCapacity: true)
        readied.removeAll(keepingCapacity: true)
        awaiting.removeAll()
        problems.removeAll()
        return decisions
    }

    /// Topological position of the task, then map index; instances of removed tasks last, by id.
    /// Sorts integer keys (cheap even for a whole run's worth of instances).
    private func changeOrder(_ dirty: Set<Int>) -> [Int] {
        var inDag: [(position: Int, mapIndex: Int, slot: Int)] = []
        var removed: [Int] = []
        inDag.reserveCapacity(dirty.count)
        for slot in dirty {
            if let t = slotTask[slot] {
                inDag.append((graph.position[t], slots[slot].id.mapIndex, slot))
            } else {
                removed.append(slot)
            }
        }
        inDag.sort { ($0.position, $0.mapIndex) < ($1.position, $1.mapIndex) }
        removed.sort { slots[$0].id < slots[$1].id }
        return inDag.map(\.slot) + removed
    }

    /// Highest effective priority weight first, then topological position, then map index.
    private func priorityOrder(_ ready: [Int]) -> [Int] {
        var keyed = ready.map { slot -> (weight: Int, position: Int, mapIndex: Int, slot: Int) in
            let t = slotTask[slot]!
            return (-graph.weight[t], graph.position[t], slots[slot].id.mapIndex, slot)
        }
        keyed.sort { ($0.weight, $0.position, $0.mapIndex) < ($1.weight, $1.position, $1.mapIndex) }
        return keyed.map(\.slot)
    }
}
