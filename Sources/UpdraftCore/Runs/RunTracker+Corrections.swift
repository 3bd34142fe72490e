import Foundation

extension RunTracker {
    /// Clears instances so they run again (Airflow's `clear`, e.g. `updraft tasks clear`): each
    /// goes back to `none` with its retry budget renewed (`maxTries = tryNumber + retries + 1`),
    /// then all are evaluated together, so clearing a task with its downstream works in any
    /// order. Instances in flight are left alone (cancel them first); unknown ids are noted in
    /// ``RunDecisions/problems``.
    public mutating func clear(_ ids: [TaskInstanceID], now: Date) -> RunDecisions {
        if !evaluatedOnce { fullPass(now: now) }
        for id in ids {
            guard let slot = slotByID[id], counted[slot], let t = slotTask[slot] else {
                problems.append("\(id): cannot clear: no such task instance in the DAG")
                continue
            }
            guard !slots[slot].state.isInFlight else { continue }
            slots[slot].maxTries = slots[slot].tryNumber + max(0, graph.tasks[t].retries) + 1
            slots[slot].nextTryAt = nil
            slots[slot].endDate = nil
            assign(slot, .none)
            dirty.insert(slot)
            enqueue(t)
        }
        drain(now: now)
        return flush()
    }

    /// Gives `id` one more try that its retries do not pay for (`maxTries + 1`): its try was
    /// lost with a worker through no fault of the task (after a crash, a queued try that may
    /// have started on a worker that is gone is dispatched again as the next try). Unknown
    /// or finished instances are left alone.
    public mutating func grantUnchargedTry(_ id: TaskInstanceID) {
        guard let slot = slotByID[id], counted[slot], !slots[slot].state.isFinished else { return }
        slots[slot].maxTries += 1
    }

    /// Gives the list length of mapped task `taskId` (e.g. read from XCom after a restart, for a
    /// task listed in ``RunDecisions/awaitingMapLength``) and expands it if it is due.
    public mutating func expand(taskId: String, length: Int, now: Date) -> RunDecisions {
        if !evaluatedOnce { fullPass(now: now) }
        guard let t = graph.index[taskId], graph.tasks[t].isMapped else {
            problems.append("\(dagId)/\(runId)/\(taskId): cannot expand: no mapped task with this id")
            return flush()
        }
        mapLength[t] = length
        enqueue(t)
        drain(now: now)
        return flush()
    }

    /// Replaces the previous run's task states used by depends_on_past (e.g. when the previous
    /// run moved on) and re-evaluates the tasks that depend on the past.
    public mutating func updatePreviousRunStates(_ states: [String: TaskInstanceState], now: Date) -> RunDecisions {
        previousRunStates = states
        if !evaluatedOnce { fullPass(now: now) }
        for (t, task) in graph.tasks.enumerated() where task.dependsOnPast { enqueue(t) }
        drain(now: now)
        return flush()
    }
}
