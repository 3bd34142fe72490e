import Foundation
import Logging
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// Takes over a run from the store (or just created): its instances and XComs, and any
    /// instance left queued/running by a previous scheduler goes to recovery.
    func adopt(_ record: DagRunRecord, fresh: Bool, now: Date, into c: inout StepChanges) async {
        let key = RunKey(record.dagId, record.runId)
        guard runs[key] == nil, !record.state.isFinished else { return }
        guard let plan = plans[record.dagId] else {
            if unknownDagRuns.insert(key).inserted {
                logger.warning("run \(key) belongs to a DAG that is not loaded; it waits until the DAG is back")
            }
            return
        }
        var instances: [TaskInstanceRecord] = []
        var xcoms: [XComRecord] = []
        if !fresh {
            do {
                instances = try await store.taskInstances(dagId: record.dagId, runId: record.runId)
                xcoms = try await store.xcoms(dagId: record.dagId, runId: record.runId)
            } catch {
                logger.error("cannot read run \(key) from the store: \(error)")
                return
            }
        }
        guard runs[key] == nil else { return }
        var run = ActiveRun(record: record, plan: plan, instances: instances, xcoms: xcoms)
        for rec in instances where rec.state.isInFlight && !isSensor(rec.id.taskId, in: plan) {
            awaitRecovery(of: rec, now: now)
        }
        if record.state == .running {
            await startTracker(&run, now: now, into: &c)
            resumeSensors(of: run, now: now)
        }
        runs[key] = run
        runsChanged = true
    }

    /// Creates the run's planner (with the previous run's states when a task depends on
    /// its past) and evaluates it.
    func startTracker(_ run: inout ActiveRun, now: Date, into c: inout StepChanges) async {
        var previous: [String: TaskInstanceState] = [:]
        if run.plan.dag.tasks.contains(where: \.dependsOnPast) {
            previous = await previousRunStates(run.record)
        }
        run.tracker = RunTracker(dag: run.plan.dag, dagId: run.record.dagId, runId: run.record.runId,
                                 instances: run.instances.values.map(TaskInstanceView.init),
                                 previousRunStates: previous, mapLengths: run.knownMapLengths,
                                 runState: run.record.state)
        let decisions = run.tracker!.evaluate(now: now)
        run.wakeup = decisions.nextWakeup
        apply(decisions, to: &run, now: now, into: &c)
    }

    /// task_id → state in the run before `record` (by logical date), for depends_on_past.
    func previousRunStates(_ record: DagRunRecord) async -> [String: TaskInstanceState] {
        do {
            let earlier = try await store.dagRuns(dagId: record.dagId, states: nil, limit: nil)
                .filter { $0.logicalDate < record.logicalDate }
                .max { $0.logicalDate < $1.logicalDate }
            guard let earlier else { return [:] }
            let rows = try await store.taskInstances(dagId: earlier.dagId, runId: earlier.runId)
            var out: [String: TaskInstanceState] = [:]
            for r in rows {
                // A mapped task counts as its worst instance.
                if let seen = out[r.id.taskId], seen != .success && seen != .skipped { continue }
                out[r.id.taskId] = r.state
            }
            return out
        } catch {
            logger.error("cannot read the previous run of \(record.dagId): \(error)")
            return [:]
        }
    }

    /// Starts the queued runs ``RunAdmission`` picks (per DAG below `max_active_runs`,
    /// oldest logical date first; paused DAGs wait).
    func startQueuedRuns(now: Date, into c: inout StepChanges) async {
        guard runsChanged else { return }
        runsChanged = false
        var limits: [String: Int] = [:]
        for run in runs.values { limits[run.record.dagId] = run.plan.dag.maxActiveRuns }
        let start = RunAdmission.runsToStart(
            runs.values.map { RunAdmission.Run(dagId: $0.record.dagId, runId: $0.record.runId,
                                                logicalDate: $0.record.logicalDate, state: $0.record.state) },
            paused: paused, maxActiveRuns: limits)
        for admitted in start {
            let key = RunKey(admitted.dagId, admitted.runId)
            guard var run = runs.removeValue(forKey: key) else { continue }
            setRunState(.running, of: &run, now: now, into: &c)
            await startTracker(&run, now: now, into: &c)
            resumeSensors(of: run, now: now)
            runs[key] = run
        }
    }

    /// The CLI changed something: re-read paused flags, pools, variables and active runs
    /// (triggered runs are adopted; a run put back to queued by `tasks clear` is reloaded).
    func reloadExternalChanges(now: Date, into c: inout StepChanges) async {
        do {
            paused = Set(try await store.dags().filter(\.isPaused).map(\.dagId))
            ledger.setPools(Dictionary(try await store.pools().map { ($0.name, $0.slots) }, uniquingKeysWith: { _, b in b }))
            try await reloadVariablesAndConnections()
            let active = try await store.activeDagRuns()
            for record in active {
                let key = RunKey(record.dagId, record.runId)
                if let mine = runs[key] {
                    // Cleared: the store put a run we drive back to queued.
                    guard record.state == .queued, mine.record.state != .queued else { continue }
                    logger.info("run \(key) was cleared: reloading its task instances")
                    runs[key] = nil
                    ready.removeRun(dagId: key.dagId, runId: key.runId)
                }
                await adopt(record, fresh: false, now: now, into: &c)
            }
            recovery.firstPassDone()
            runsChanged = true
        } catch {
            logger.error("cannot read external changes from the store: \(error)")
        }
    }

    /// Installs a new parse of the DAGs: plans, the store's dag table and import errors.
    func applyDags(_ loaded: DagProvider.Loaded, now: Date) async {
        plans = Dictionary(loaded.dags.map { ($0.dagId, DagPlan($0)) }, uniquingKeysWith: { a, _ in a })
        nextScheduledAt = [:]
        do {
            try await store.syncDags(loaded.dags.map {
                DagRecord(dagId: $0.dagId, fileLocation: $0.fileLocation, isPaused: false, lastParsedAt: now)
            })
            try await store.replaceImportErrors(loaded.importErrors.map {
                ImportErrorRecord(fileLocation: $0.file, message: $0.description, timestamp: now)
            })
            paused = Set(try await store.dags().filter(\.isPaused).map(\.dagId))
        } catch {
            logger.error("cannot record the parsed DAGs in the store: \(error)")
        }
        if let pools = loaded.pools { await applyPools(pools) }
        for error in loaded.importErrors { logger.warning("import error: \(error)") }
        // Runs waiting for their DAG to load.
        if !unknownDagRuns.isEmpty {
            unknownDagRuns = []
            inputs.push(.externalChange)
        }
    }
}
