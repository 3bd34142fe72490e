import Foundation
import Testing
@testable import UpdraftCore

/// Every stored state × what the workers reported → the recovery action, written out as a
/// table so a change to any cell is a visible decision.
@Suite("Recovery decision after a scheduler restart")
struct RecoveryDecisionTests {
    typealias Row = (state: TaskInstanceState, awaited: RecoveryAction, reported: RecoveryAction,
                     notReported: RecoveryAction, workerGone: RecoveryAction)

    static let cameBack = "lost during scheduler restart: no worker reports it running"
    static let gone = "lost during scheduler restart: its worker did not come back within the recovery grace"

    /// Worker tasks (bash, swift): the row's try may be out on a worker.
    static let workerTable: [Row] = [
        (.none, .evaluate, .evaluate, .evaluate, .evaluate),
        (.scheduled, .queueForSlot, .queueForSlot, .queueForSlot, .queueForSlot),
        (.queued, .awaitReports, .adopt, .resubmit, .resubmitNextTry),
        (.running, .awaitReports, .adopt, .failLost(reason: cameBack), .failLost(reason: gone)),
        (.upForRetry, .armRetry, .armRetry, .armRetry, .armRetry),
        (.upForReschedule, .awaitReports, .adopt, .failLost(reason: cameBack), .failLost(reason: gone)),
        (.deferred, .awaitReports, .adopt, .failLost(reason: cameBack), .failLost(reason: gone)),
        (.success, .nothing, .nothing, .nothing, .nothing),
        (.failed, .nothing, .nothing, .nothing, .nothing),
        (.skipped, .nothing, .nothing, .nothing, .nothing),
        (.upstreamFailed, .nothing, .nothing, .nothing, .nothing),
        (.removed, .nothing, .nothing, .nothing, .nothing),
    ]

    /// Sensors: their tries run in the scheduler, so no worker report matters.
    static let sensorTable: [Row] = [
        (.none, .evaluate, .evaluate, .evaluate, .evaluate),
        (.scheduled, .queueForSlot, .queueForSlot, .queueForSlot, .queueForSlot),
        (.queued, .resumeSensor, .resumeSensor, .resumeSensor, .resumeSensor),
        (.running, .resumeSensor, .resumeSensor, .resumeSensor, .resumeSensor),
        (.upForRetry, .armRetry, .armRetry, .armRetry, .armRetry),
        (.upForReschedule, .resumeSensor, .resumeSensor, .resumeSensor, .resumeSensor),
        (.deferred, .resumeSensor, .resumeSensor, .resumeSensor, .resumeSensor),
        (.success, .nothing, .nothing, .nothing, .nothing),
        (.failed, .nothing, .nothing, .nothing, .nothing),
        (.skipped, .nothing, .nothing, .nothing, .nothing),
        (.upstreamFailed, .nothing, .nothing, .nothing, .nothing),
        (.removed, .nothing, .nothing, .nothing, .nothing),
    ]

    @Test("the tables cover every state")
    func everyState() {
        let all = Set(TaskInstanceState.allCases)
        #expect(Set(Self.workerTable.map(\.state)) == all)
        #expect(Set(Self.sensorTable.map(\.state)) == all)
    }

    @Test("worker tasks: every state × report", arguments: workerTable.indices)
    func workerTasks(_ index: Int) {
        check(Self.workerTable[index], runsInScheduler: false)
    }

    @Test("sensors: every state × report", arguments: sensorTable.indices)
    func sensors(_ index: Int) {
        check(Self.sensorTable[index], runsInScheduler: true)
    }

    @Test("no non-finished state is left without an action that moves it on")
    func nothingStranded() {
        for state in TaskInstanceState.allCases where !state.isFinished {
            for report in TryReport.allCases where report != .awaited {
                for inScheduler in [false, true] {
                    let action = RecoveryDecision.action(state: state, runsInScheduler: inScheduler, report: report)
                    #expect(action != .nothing && action != .awaitReports, "\(state) \(report) in scheduler \(inScheduler)")
                }
            }
        }
    }

    @Test("a try reported running is never dispatched again; only a queued one is")
    func neverTwice() {
        for state in TaskInstanceState.allCases {
            #expect(RecoveryDecision.action(state: state, runsInScheduler: false, report: .reported) != .resubmit)
            #expect(RecoveryDecision.action(state: state, runsInScheduler: false, report: .reported) != .resubmitNextTry)
            for report in TryReport.allCases {
                let action = RecoveryDecision.action(state: state, runsInScheduler: false, report: report)
                if action == .resubmit || action == .resubmitNextTry { #expect(state == .queued, "\(state) \(report)") }
            }
        }
    }

    private func check(_ row: Row, runsInScheduler: Bool) {
        let got = TryReport.allCases.map { RecoveryDecision.action(state: row.state, runsInScheduler: runsInScheduler, report: $0) }
        #expect(got == [row.awaited, row.reported, row.notReported, row.workerGone], "state \(row.state)")
    }
}

@Suite("Recovery grace and reports")
struct RecoveryGraceTests {
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    @Test("ends when every awaited worker reported, before the cap")
    func endsEarly() {
        var grace = RecoveryGrace(awaiting: ["w1", "w2"], start: t0, cap: 10)
        #expect(!grace.isOver(at: t0.addingTimeInterval(0.1)))
        grace.reported(workerId: "w1")
        #expect(!grace.isOver(at: t0.addingTimeInterval(0.2)))
        grace.reported(workerId: "stranger")  // not awaited: counts as returned, changes nothing else
        #expect(grace.missing == ["w2"])
        grace.reported(workerId: "w2")
        #expect(grace.isOver(at: t0.addingTimeInterval(0.3)))
        #expect(grace.returned == ["w1", "w2", "stranger"])
    }

    @Test("ends at the cap when a worker never comes back")
    func cap() {
        var grace = RecoveryGrace(awaiting: ["w1", "w2"], start: t0, cap: 10)
        grace.reported(workerId: "w1")
        #expect(!grace.isOver(at: t0.addingTimeInterval(9.99)))
        #expect(grace.isOver(at: t0.addingTimeInterval(10)))
        #expect(grace.missing == ["w2"])
    }

    @Test("nothing awaited: over at once")
    func empty() {
        #expect(RecoveryGrace(awaiting: [], start: t0, cap: 10).isOver(at: t0))
    }

    @Test("reports: running, came back without it, still awaited, gone")
    func reports() {
        var grace = RecoveryGrace(awaiting: ["w1", "w2"], start: t0, cap: 10)
        grace.reported(workerId: "w1")
        let during = t0.addingTimeInterval(1), after = t0.addingTimeInterval(10)
        #expect(RecoveryDecision.report(running: true, workerId: "w2", grace: grace, now: during) == .reported)
        #expect(RecoveryDecision.report(running: false, workerId: "w1", grace: grace, now: during) == .notReported)
        #expect(RecoveryDecision.report(running: false, workerId: "w2", grace: grace, now: during) == .awaited)
        #expect(RecoveryDecision.report(running: false, workerId: nil, grace: grace, now: during) == .awaited)
        #expect(RecoveryDecision.report(running: false, workerId: "w2", grace: grace, now: after) == .workerGone)
        // A queued try (no worker named) may have started on w2, which never came back.
        #expect(RecoveryDecision.report(running: false, workerId: nil, grace: grace, now: after) == .workerGone)
        #expect(RecoveryDecision.report(running: false, workerId: "unknown", grace: grace, now: after) == .notReported)
        grace.reported(workerId: "w2")
        #expect(RecoveryDecision.report(running: false, workerId: nil, grace: grace, now: during) == .notReported)
    }

    @Test("workers known gone are not awaited, and make queued tries take the next try number")
    func knownGone() {
        var grace = RecoveryGrace(awaiting: ["w1", "dead"], knownGone: ["dead"], start: t0, cap: 10)
        #expect(grace.missing == ["w1"])
        grace.expect(workerId: "dead")
        #expect(grace.missing == ["w1"])
        let during = t0.addingTimeInterval(0.1)
        #expect(RecoveryDecision.report(running: false, workerId: "dead", grace: grace, now: during) == .workerGone)
        #expect(RecoveryDecision.report(running: false, workerId: nil, grace: grace, now: during) == .awaited)
        grace.reported(workerId: "w1")
        #expect(grace.isOver(at: during))
        #expect(RecoveryDecision.report(running: false, workerId: nil, grace: grace, now: during) == .workerGone)
        #expect(RecoveryDecision.action(state: .queued, runsInScheduler: false, report: .workerGone) == .resubmitNextTry)
        let clean = RecoveryGrace(awaiting: ["w1"], start: t0, cap: 10)
        #expect(!clean.someWorkerGone(at: during))
        #expect(clean.someWorkerGone(at: t0.addingTimeInterval(10)))
    }
}
