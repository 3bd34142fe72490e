import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftStore

/// The state reports the event bus replays to a new or reconnecting subscriber of one DAG
/// (``EventPublisher/replayState(using:)``): for each of the DAG's latest runs (newest
/// logical date first, at most ``runLimit``), one report for the run and one per task
/// instance, each with its old state equal to its new state and the time it was last
/// changed. Read from the store, so it is what the store holds at that moment.
public enum EventReplay {
    /// How many runs of the DAG are reported (a sensor usually waits for a recent one; an
    /// older logical date is still seen through live events and the sensor's timeout).
    public static let runLimit = 20

    /// The reports for `dagId`; empty (and logged) when the store cannot be read.
    public static func currentState(of dagId: String, in store: any MetaStore, logger: Logger) async -> [WireStateChangeEvent] {
        do {
            var reports: [WireStateChangeEvent] = []
            for run in try await store.dagRuns(dagId: dagId, states: nil, limit: runLimit) {
                reports.append(.run(dagId: run.dagId, runId: run.runId, from: run.state, to: run.state,
                                    logicalDate: run.logicalDate, at: run.endDate ?? run.startDate ?? run.queuedAt))
                for ti in try await store.taskInstances(dagId: run.dagId, runId: run.runId) {
                    reports.append(.task(ti.id, tryNumber: ti.tryNumber, from: ti.state, to: ti.state,
                                         logicalDate: run.logicalDate,
                                         at: ti.endDate ?? ti.startDate ?? ti.queuedAt ?? run.queuedAt))
                }
            }
            return reports
        } catch {
            logger.warning("event bus: cannot read DAG '\(dagId)' to replay its state to a subscriber: \(error)")
            return []
        }
    }
}
