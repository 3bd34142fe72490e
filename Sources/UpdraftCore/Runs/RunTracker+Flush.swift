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
        decisions.changed = dirty.sorted(by: changeOrder).map { slots[$0] }
        var seen = Set<Int>()
        let ready = readied.filter { slots[$0].state == .scheduled && seen.insert($0).inserted }
        decisions.toSchedule = ready.sorted(by: priorityOrder).map { slots[$0].id }
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
    private func changeOrder(_ a: Int, _ b: Int) -> Bool {
        let pa = slotTask[a].map { graph.position[$0] } ?? Int.max
        let pb = slotTask[b].map { graph.position[$0] } ?? Int.max
        if pa != pb { return pa < pb }
        return slots[a].id < slots[b].id
    }

    /// Highest effective priority weight first, then topological position, then map index.
    private func priorityOrder(_ a: Int, _ b: Int) -> Bool {
        let ta = slotTask[a]!, tb = slotTask[b]!
        if graph.weight[ta] != graph.weight[tb] { return graph.weight[ta] > graph.weight[tb] }
        if graph.position[ta] != graph.position[tb] { return graph.position[ta] < graph.position[tb] }
        return slots[a].id.mapIndex < slots[b].id.mapIndex
    }
}
