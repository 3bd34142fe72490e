import Foundation

extension RunTracker {
    /// Full evaluation (run start, after a restart, on the ``RunDecisions/nextWakeup`` timer):
    /// reports instances created or fixed since the tracker was made (missing tasks in state
    /// `none`, removed tasks), moves `up_for_retry` instances whose `nextTryAt` has come
    /// (`now >= nextTryAt`) to `scheduled`, and evaluates the trigger rule of every waiting
    /// task. O(instances + edges).
    public mutating func evaluate(now: Date) -> RunDecisions {
        fullPass(now: now)
        return flush()
    }

    /// The retry timer fired: moves `up_for_retry` instances whose `nextTryAt` has come to
    /// `scheduled`, and nothing else. O(due instances × log(waiting retries)), unlike
    /// ``evaluate(now:)``, so a run with thousands of retries spread in time stays cheap.
    public mutating func wake(now: Date) -> RunDecisions {
        if !evaluatedOnce {
            fullPass(now: now)
        } else {
            promoteDueRetries(now: now)
        }
        return flush()
    }

    /// The caller moved these instances to `queued` (handed to the executor). Instances
    /// already finished are left alone. Not reported back in ``RunDecisions/changed``.
    public mutating func markQueued(_ ids: [TaskInstanceID]) {
        for id in ids {
            guard let slot = slotByID[id], !slots[slot].state.isFinished else { continue }
            assign(slot, .queued, report: false)
        }
    }

    /// A worker reported that try `tryNumber` of `id` is running since `at`. Ignored when the
    /// instance is already finished (e.g. cancelled meanwhile). Not reported back.
    public mutating func started(_ id: TaskInstanceID, tryNumber: Int, at: Date) {
        guard let slot = slotByID[id], !slots[slot].state.isFinished else { return }
        slots[slot].tryNumber = tryNumber
        slots[slot].startDate = at
        slots[slot].endDate = nil
        slots[slot].nextTryAt = nil
        assign(slot, .running, report: false)
    }

    /// A try of `id` ended in `state` (`success`, `failed`, `skipped`; `up_for_retry` is read
    /// as `failed`). Then, in this order:
    /// - retry policy: `failed` with tries left (`max(1, tryNumber) < maxTries`) becomes
    ///   `up_for_retry` with `nextTryAt = now + RetryPolicy delay` (scheduled at once when the
    ///   delay is 0);
    /// - branch choice (tasks whose kind `isBranch`, on success): `chosenTaskIds` are task or
    ///   task-group ids; direct downstream tasks neither chosen nor downstream of a chosen task
    ///   are skipped, and skips propagate per trigger rules. nil or empty skips every direct
    ///   downstream task (Airflow: a branch returning None). An id naming no task or group
    ///   fails the branch task (with its retries), as Airflow does;
    /// - mapping: `mapLengths` gives, by the id of each mapped task that `expand`s over this
    ///   task, how many items its list has (the finished task's own id as key applies to all of
    ///   them); on success those tasks expand to map indexes 0..<n (0 items: skipped);
    /// - then evaluates ONLY the downstream of `id` (O(downstream)).
    ///
    /// A report for an unknown id is noted in ``RunDecisions/problems``; one for an instance
    /// already finished or up_for_retry (duplicate, late) or no longer in the DAG changes nothing.
    public mutating func finished(
        _ id: TaskInstanceID, state: TaskInstanceState, now: Date,
        chosenTaskIds: [String]? = nil, mapLengths: [String: Int] = [:]
    ) -> RunDecisions {
        if !evaluatedOnce { fullPass(now: now) }
        guard let slot = slotByID[id] else {
            problems.append("\(id): reported \(state.rawValue) but no such task instance in this run; ignored")
            return flush()
        }
        let current = slots[slot].state
        guard counted[slot], let t = slotTask[slot], !current.isFinished, current != .upForRetry else { return flush() }
        let task = graph.tasks[t]
        for consumer in graph.mappedConsumers[t] {
            if let n = mapLengths[graph.tasks[consumer].taskId] ?? mapLengths[task.taskId] { mapLength[consumer] = n }
        }
        switch state {
        case .success:
            slots[slot].endDate = now
            if task.kind.isBranch {
                applyBranch(slot, task: t, chosen: chosenTaskIds ?? [], now: now)
            } else {
                assign(slot, .success)
            }
        case .failed, .upForRetry:
            fail(slot, task: t, now: now)
        case .skipped, .upstreamFailed, .removed:
            finish(slot, state, now: now)
        default:
            assign(slot, state)  // not an end (e.g. up_for_reschedule): recorded only
        }
        drain(now: now)
        return flush()
    }

    /// Sets an instance's state by the caller's decision (cancel → failed, mark success,
    /// clear → none), without the retry policy, then evaluates the consequences: its
    /// downstream, and the instance itself when set to `none`. Setting `up_for_retry` makes it
    /// due at `now`.
    public mutating func setState(_ id: TaskInstanceID, _ state: TaskInstanceState, now: Date) -> RunDecisions {
        if !evaluatedOnce { fullPass(now: now) }
        guard let slot = slotByID[id] else {
            problems.append("\(id): cannot set state \(state.rawValue): no such task instance in this run")
            return flush()
        }
        guard counted[slot], let t = slotTask[slot] else {
            problems.append("\(id): cannot set state \(state.rawValue): its task is no longer in the DAG (removed)")
            return flush()
        }
        if state.isFinished, !slots[slot].state.isFinished { slots[slot].endDate = now }
        switch state {
        case .none:
            slots[slot].nextTryAt = nil
            slots[slot].endDate = nil
            assign(slot, .none)
            enqueue(t)
        case .upForRetry:
            slots[slot].nextTryAt = now
            assign(slot, .upForRetry)
            retryQueue.push(now, slot: slot)
        case .scheduled:
            schedule(slot)
        default:
            assign(slot, state)
        }
        dirty.insert(slot)
        drain(now: now)
        return flush()
    }

    /// Promotes due retries and evaluates every task.
    mutating func fullPass(now: Date) {
        evaluatedOnce = true
        promoteDueRetries(now: now)
        for t in graph.order { enqueue(t) }
        drain(now: now)
    }

    /// Schedules every up_for_retry instance due at `now`.
    mutating func promoteDueRetries(now: Date) {
        while let top = retryQueue.peek(isCurrent: isRetryEntryCurrent), top.due <= now {
            retryQueue.pop()
            schedule(top.slot)
        }
    }

    /// Whether a retry-queue entry still describes its instance.
    func isRetryEntryCurrent(_ due: Date, _ slot: Int) -> Bool {
        counted[slot] && slots[slot].state == .upForRetry && (slots[slot].nextTryAt ?? .distantPast) == due
    }

    /// A try failed: up_for_retry with a due time, or failed when no tries are left.
    mutating func fail(_ slot: Int, task t: Int, now: Date) {
        slots[slot].endDate = now
        let view = slots[slot]
        let tries = max(1, view.tryNumber)
        guard tries < view.maxTries else {
            assign(slot, .failed)
            return
        }
        let task = graph.tasks[t]
        let key = "\(dagId)#\(task.taskId)#\(runId)#\(view.id.mapIndex)#\(tries)"
        let due = now.addingTimeInterval(RetryPolicy(task: task).delay(afterTry: tries, jitterKey: key))
        slots[slot].nextTryAt = due
        assign(slot, .upForRetry)
        if due <= now {
            schedule(slot)
        } else {
            retryQueue.push(due, slot: slot)
        }
    }
}
