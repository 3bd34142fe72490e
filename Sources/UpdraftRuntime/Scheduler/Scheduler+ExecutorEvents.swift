import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftStore

extension Scheduler {
    /// Applies one executor event. Events for runs or tries this scheduler does not drive
    /// (a finished run, an older try, a duplicate) are logged and dropped.
    func handle(_ event: ExecutorEvent, now: Date, into c: inout StepChanges) {
        switch event {
        case .started(let s): started(s, now: now, into: &c)
        case .finished(let f): finished(f, now: now, into: &c)
        case .log(let chunk):
            let id = chunk.key.instanceID
            let file = home.logFile(for: id, tryNumber: Int(chunk.key.tryNumber))
            if let started = pendingLogHeaders.removeValue(forKey: id) {
                logs.appendLine(TaskLogLines.header(started, at: started.startDate ?? configuration.clock.date), to: file)
            }
            // Masked before it is written: no unmasked copy of a secret lands on disk.
            var masker = logMaskers[id] ?? StreamMasker(masker: secretMasker)
            let text = masker.feed(Array(chunk.data))
            logMaskers[id] = masker
            if !text.isEmpty { logs.append(text, to: file) }
        // The executor logs joins and departures; the store keeps who is connected.
        case .workerJoined(let hello):
            c.workers[hello.workerID] = ConnectedWorkerRecord(
                workerId: hello.workerID, hostname: hello.hostname, pid: Int(hello.pid), joinedAt: now)
        case .workerLeft(let workerId, _):
            c.workers[workerId] = .some(nil)
        case .workerReported(let workerId, _):
            recovery.reported(workerId: workerId)
            c.recoveryReports = true
        }
    }

    func started(_ s: WireTaskStarted, now: Date, into c: inout StepChanges) {
        let id = s.key.instanceID
        withRun(RunKey(id)) { run in
            guard var rec = run.instances[id], rec.tryNumber == Int(s.key.tryNumber),
                  rec.state == .queued || rec.state == .running else {
                logger.debug("ignoring started for \(id) try \(s.key.tryNumber): not a try in flight")
                return
            }
            let old = rec.state
            rec.state = .running
            rec.startDate = date(microseconds: s.startedAtUnixUs) ?? now
            rec.workerId = s.workerID.isEmpty ? nil : s.workerID
            rec.hostname = s.hostname.isEmpty ? nil : s.hostname
            rec.pid = s.pid == 0 ? nil : Int(s.pid)
            run.tracker?.started(id, tryNumber: rec.tryNumber, at: rec.startDate ?? now)
            run.instances[id] = rec
            c.instances[id] = rec
            recovery.resolved(id)
            if old != .running {
                c.events.append(.task(id, tryNumber: rec.tryNumber, from: old, to: .running,
                                      logicalDate: run.record.logicalDate, at: now))
            }
            // Written with the first output, or at the end unless the try succeeded silently.
            pendingLogHeaders[id] = rec
        }
    }

    func finished(_ f: WireTaskFinished, now: Date, into c: inout StepChanges) {
        let id = f.key.instanceID
        withRun(RunKey(id)) { run in
            guard var rec = run.instances[id], rec.tryNumber == Int(f.key.tryNumber) else {
                logger.debug("ignoring finished for \(id) try \(f.key.tryNumber): not the current try")
                return
            }
            guard rec.state == .queued || rec.state == .running, run.tracker != nil else {
                ledger.release(id)
                logger.debug("ignoring finished for \(id) try \(f.key.tryNumber): state is \(rec.state.rawValue)")
                return
            }
            recovery.resolved(id)
            ledger.release(id)
            var state = TaskInstanceState(wire: f.state) ?? .failed
            var error = secretMasker.mask(f.errorMessage)
            let heldBack = logMaskers.removeValue(forKey: id).map { masker -> [UInt8] in
                var masker = masker
                return masker.finish()
            } ?? []
            if ![.success, .failed, .skipped].contains(state) {
                error = "worker reported state \(state.rawValue) for a finished try" + (error.isEmpty ? "" : ": \(error)")
                state = .failed
            }
            // XCom values: masked (a secret printed as the last line is not stored), parsed,
            // kept for readers, written in this step's batch.
            var pushed: [XComRecord] = []
            for x in f.xcomOutputs {
                let json = secretMasker.isEmpty ? x.json : Data(secretMasker.mask([UInt8](x.json)))
                switch JSONText.parse(json) {
                case .success(let value): pushed.append(XComRecord(id: id, key: x.key.isEmpty ? XComKey.returnValue : x.key, value: value))
                case .failure(let e):
                    state = .failed
                    error = "XCom '\(x.key)' of \(id) is not valid JSON: \(e)"
                }
            }
            if state == .success {
                for x in pushed { run.xcoms.set(x) }
                c.xcoms += pushed
            }
            let ended = date(microseconds: f.endedAtUnixUs) ?? now
            rec.endDate = ended
            if rec.startDate == nil { rec.startDate = ended.addingTimeInterval(-Double(f.durationUs) / 1_000_000) }
            rec.errorMessage = error.isEmpty ? nil : error
            run.instances[id] = rec

            // Dynamic mapping: how many items each task mapped over this one gets (a value that
            // is not a list is left out: the planner then asks for it in awaitingMapLength, and
            // expandMapped fails the mapped task saying what it got).
            var mapLengths: [String: Int] = [:]
            if state == .success, let readers = run.plan.mappedReaders[id.taskId] {
                for (reader, key) in readers {
                    if case .array(let list)? = run.xcoms.value(XComKey(taskId: id.taskId, key: key)) {
                        mapLengths[reader] = list.count
                    }
                }
            }
            let task = run.plan.task(id.taskId)
            // A try that never reported started (lost or cancelled while queued) still used its try.
            if rec.state == .queued { run.tracker!.started(id, tryNumber: rec.tryNumber, at: rec.startDate ?? ended) }
            let chosen = (task?.kind.isBranch ?? false) && state == .success ? Array(f.chosenTaskIds) : nil
            let decisions = run.tracker!.finished(id, state: state, now: now, chosenTaskIds: chosen, mapLengths: mapLengths)
            apply(decisions, to: &run, now: now, into: &c)

            let final = run.instances[id] ?? rec
            let header = pendingLogHeaders.removeValue(forKey: id)
            let silentSuccess = header != nil && (final.state == .success || final.state == .skipped) && final.errorMessage == nil
            let logFile = home.logFile(for: id, tryNumber: rec.tryNumber)
            if !heldBack.isEmpty { logs.append(heldBack, to: logFile) }
            if !silentSuccess {
                if let header { logs.appendLine(TaskLogLines.header(header, at: header.startDate ?? now), to: logFile) }
                logs.appendLine(TaskLogLines.footer(final, durationUs: f.durationUs), to: logFile)
                logs.close(logFile)
            }
            if console != nil, final.state == .failed || final.state == .upForRetry {
                c.consoleLines.append(ConsoleReporter.tryLine(final, now: now))
            }
        }
    }

    /// Fails every not-yet-finished instance of `taskId` in `run` for good, with `message`.
    func failTask(_ taskId: String, message: String, run: inout ActiveRun, now: Date, into c: inout StepChanges) {
        guard let tracker = run.tracker else { return }
        let ids = tracker.instances.filter { $0.id.taskId == taskId && !$0.state.isFinished }.map(\.id)
        for id in ids {
            run.instances[id]?.errorMessage = message
            let decisions = run.tracker!.setState(id, .failed, now: now)
            apply(decisions, to: &run, now: now, into: &c)
        }
        if console != nil, let rec = ids.first.flatMap({ run.instances[$0] }) {
            c.consoleLines.append(ConsoleReporter.tryLine(rec, now: now))
        }
    }
}
