import Foundation

extension RunTracker {
    /// Adds (`sign` 1) or removes (-1) a counted instance, in its current state, from the
    /// upstream counts of its downstream tasks (unless `downstream` is false) and from the run's
    /// tallies. O(downstream tasks).
    mutating func contribute(_ slot: Int, _ sign: Int, downstream: Bool = true) {
        guard let t = slotTask[slot] else { return }
        let state = slots[slot].state
        if downstream {
            for d in graph.downstream[t] {
                upstreamCounts[d].tally(state, sign)
                workCount += 1
            }
        }
        if state == .none { waiting[t] += sign }
        if !state.isFinished {
            unfinished += sign
            if state != .none { active += sign }
        } else if graph.isLeaf[t], state.isFailure {
            leafFailures += sign
        }
    }

    /// Moves an instance to `state`, keeping every count right; when it enters or leaves a
    /// finished state, its downstream tasks are queued for evaluation.
    mutating func assign(_ slot: Int, _ state: TaskInstanceState, report: Bool = true) {
        let old = slots[slot].state
        guard old != state else { return }
        // Upstream counts only see finished states (and the total): between two unfinished
        // states (scheduled -> queued -> running) the downstream need not be touched.
        let touchesDownstream = old.isFinished || state.isFinished
        if counted[slot] { contribute(slot, -1, downstream: touchesDownstream) }
        slots[slot].state = state
        if counted[slot] {
            contribute(slot, 1, downstream: touchesDownstream)
            if touchesDownstream, let t = slotTask[slot] {
                for d in graph.downstream[t] { enqueue(d) }
            }
        }
        if report { dirty.insert(slot) }
    }

    /// Ends an instance without running it (skipped, upstream_failed, removed, failed).
    mutating func finish(_ slot: Int, _ state: TaskInstanceState, now: Date?) {
        if let now { slots[slot].endDate = now }
        assign(slot, state)
    }

    /// Marks an instance ready to run.
    mutating func schedule(_ slot: Int) {
        slots[slot].nextTryAt = nil
        assign(slot, .scheduled)
        dirty.insert(slot)
        readied.append(slot)
    }

    /// Queues task `t` for evaluation in this step (once, in topological order).
    mutating func enqueue(_ t: Int) {
        guard !queued[t] else { return }
        queued[t] = true
        evalQueue.insert(graph.position[t])
    }

    /// Evaluates every queued task, in topological order, until nothing changes.
    mutating func drain(now: Date) {
        while let p = evalQueue.popMin() {
            let t = graph.order[p]
            queued[t] = false
            evaluateTask(t, now: now)
        }
    }

    /// Applies the trigger rule to each waiting (`none`) instance of task `t`.
    mutating func evaluateTask(_ t: Int, now: Date) {
        guard waiting[t] > 0 else { return }
        for slot in taskSlots[t] where counted[slot] && slots[slot].state == .none {
            evaluateSlot(slot, task: t, now: now)
        }
    }

    /// The trigger rule (then depends_on_past, then mapping) for one waiting instance.
    mutating func evaluateSlot(_ slot: Int, task t: Int, now: Date) {
        workCount += 1
        let spec = graph.tasks[t]
        let decision = TriggerRuleEvaluator.decide(
            spec.triggerRule, upstream: upstreamCounts[t], mapIndex: slots[slot].id.mapIndex)
        switch decision {
        case .wait: return
        case .skip: finish(slot, .skipped, now: now)
        case .upstreamFailed: finish(slot, .upstreamFailed, now: now)
        case .removed: finish(slot, .removed, now: now)
        case .run:
            guard pastAllows(spec) else { return }
            if placeholder[t] == slot {
                resolveExpansion(t, now: now)
            } else {
                schedule(slot)
            }
        }
    }

    /// depends_on_past: the same task in the previous run ended success or skipped (or there
    /// is no previous run / the task was not in it).
    func pastAllows(_ spec: TaskSpec) -> Bool {
        guard spec.dependsOnPast, let previous = previousRunStates[spec.taskId] else { return true }
        return previous == .success || previous == .skipped
    }

    /// A mapped task's placeholder may run: expand it over its list, or end it when there
    /// is nothing to expand (source did not succeed: upstream_failed / skipped; empty list:
    /// skipped; list over ``maxMapLength``: failed). Unknown length: reported as awaiting,
    /// except over an expanded mapped task, whose list has one item per map index.
    mutating func resolveExpansion(_ t: Int, now: Date) {
        guard let p = placeholder[t] else { return }
        let spec = graph.tasks[t]
        var length = mapLength[t]
        if let sourceId = spec.expand?.sourceTaskId, let s = graph.index[sourceId] {
            let states = taskSlots[s].filter { counted[$0] }.map { slots[$0].state }
            if states.contains(where: { !$0.isFinished }) { return }  // e.g. trigger rule `always`
            if states.isEmpty || states.contains(where: { $0 != .success }) {
                finish(p, states.contains(where: \.isFailure) ? .upstreamFailed : .skipped, now: now)
                return
            }
            // Over a mapped task's output, the list has one item per upstream map index (Airflow).
            if length == nil, graph.tasks[s].isMapped, placeholder[s] == nil { length = states.count }
        }
        guard let n = length else {
            awaiting.insert(t)
            return
        }
        if n <= 0 {
            finish(p, .skipped, now: now)
        } else if n > maxMapLength {
            problems.append(
                "\(slots[p].id): cannot expand over \(n) items: more than the limit of \(maxMapLength) (max_map_length); marked failed")
            finish(p, .failed, now: now)
        } else {
            expand(t, count: n, now: now, evaluateNew: true)
        }
    }

    /// Replaces task `t`'s placeholder by instances with map index 0..<count (the placeholder
    /// stays, in state `removed` and no longer counted), then evaluates them if asked.
    mutating func expand(_ t: Int, count: Int, now: Date?, evaluateNew: Bool) {
        guard let p = placeholder[t] else { return }
        contribute(p, -1)
        counted[p] = false
        slots[p].state = .removed
        dirty.insert(p)
        placeholder[t] = nil
        awaiting.remove(t)
        var created: [Int] = []
        created.reserveCapacity(count)
        for i in 0..<count {
            let id = TaskInstanceID(dagId: dagId, runId: runId, taskId: graph.tasks[t].taskId, mapIndex: i)
            let slot = slotByID[id] ?? newSlot(task: t, mapIndex: i)
            counted[slot] = true
            contribute(slot, 1)
            created.append(slot)
        }
        guard evaluateNew, let now else { return }
        for slot in created where slots[slot].state == .none { evaluateSlot(slot, task: t, now: now) }
    }
}
