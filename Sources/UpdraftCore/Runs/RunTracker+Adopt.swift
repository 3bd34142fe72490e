import Foundation

extension RunTracker {
    /// Takes in the stored instances and reconciles them with the DAG, as Airflow's
    /// `DagRun.verify_integrity`: instances of tasks no longer in the DAG become `removed`;
    /// a removed instance whose task is back is restored to `none`; missing tasks get an
    /// instance in `none`; literal `expand` lists are expanded; instances of another run are
    /// ignored (noted in problems). Changes are reported by the next step, and so are the
    /// instances stored as `scheduled` (in ``RunDecisions/toSchedule``: ready again after a
    /// restart) and the due `up_for_retry` ones.
    mutating func adopt(_ stored: [TaskInstanceView]) {
        for view in stored {
            guard view.id.dagId == dagId, view.id.runId == runId else {
                problems.append("\(view.id): given to the tracker of run \(dagId)/\(runId) but belongs to another run; ignored")
                continue
            }
            if let existing = slotByID[view.id] {
                slots[existing] = view  // the last copy of a duplicated id wins
                continue
            }
            let task = graph.index[view.id.taskId]
            addSlot(view, task: task, counted: false)
            if task == nil { setUncounted(slotByID[view.id]!, .removed) }
        }
        for t in graph.tasks.indices { adoptTask(t) }
        for slot in slots.indices where counted[slot] {
            contribute(slot, 1)
            switch slots[slot].state {
            case .upForRetry: retryQueue.push(slots[slot].nextTryAt ?? .distantPast, slot: slot)
            // Stored `scheduled` (ready, waiting for a slot when the last scheduler died): no
            // trigger rule will pick it up again (only `none` is evaluated), so the next step
            // reports it in `toSchedule` and the scheduler's ready queue is rebuilt from it.
            case .scheduled: readied.append(slot)
            default: break
            }
        }
        for t in graph.tasks.indices {
            if case .items = graph.tasks[t].expand, let p = placeholder[t], slots[p].state == .none,
               let n = mapLength[t], n > 0, n <= maxMapLength {
                expand(t, count: n, now: nil, evaluateNew: false)
            }
        }
    }

    /// Decides which of task `t`'s instances count, creating its instance if missing.
    private mutating func adoptTask(_ t: Int) {
        let task = graph.tasks[t]
        let mine = taskSlots[t]
        let unmappedSlot = mine.first { slots[$0].id.mapIndex < 0 }
        let indexed = mine.filter { slots[$0].id.mapIndex >= 0 }
        if task.isMapped, !indexed.isEmpty {
            for s in indexed { counted[s] = true }
            if let p = unmappedSlot { setUncounted(p, .removed) }
            return
        }
        for s in indexed { setUncounted(s, .removed) }  // map indexes of a task no longer mapped
        let slot = unmappedSlot ?? newSlot(task: t, mapIndex: -1)
        counted[slot] = true
        if slots[slot].state == .removed {
            slots[slot].state = .none  // the task is back in the DAG
            dirty.insert(slot)
        }
        if task.isMapped { placeholder[t] = slot }
    }

    /// Creates a new instance of task `t` in state `none` (reported by the next step).
    mutating func newSlot(task t: Int, mapIndex: Int) -> Int {
        let id = TaskInstanceID(dagId: dagId, runId: runId, taskId: graph.tasks[t].taskId, mapIndex: mapIndex)
        let view = TaskInstanceView(id: id, maxTries: max(0, graph.tasks[t].retries) + 1)
        addSlot(view, task: t, counted: false)
        let slot = slots.count - 1
        dirty.insert(slot)
        return slot
    }

    private mutating func addSlot(_ view: TaskInstanceView, task: Int?, counted isCounted: Bool) {
        let slot = slots.count
        slots.append(view)
        slotByID[view.id] = slot
        slotTask.append(task)
        counted.append(isCounted)
        if let task { taskSlots[task].append(slot) }
    }

    /// Sets the state of an instance that does not count (no tallies to update).
    private mutating func setUncounted(_ slot: Int, _ state: TaskInstanceState) {
        counted[slot] = false
        guard slots[slot].state != state else { return }
        slots[slot].state = state
        dirty.insert(slot)
    }
}
