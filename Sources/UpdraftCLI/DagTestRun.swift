import Foundation
import Logging
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// One run of one DAG in a given (throwaway) home, through the real runtime: what
/// `updraft dags test` does.
struct DagTestRun {
    /// The DAG to run.
    var dag: Dag
    /// Where the store and logs go.
    var home: UpdraftHome
    /// Slots of the one local worker.
    var concurrency: Int

    /// The outcome: run id, final state, task instances, and how to read failed logs.
    struct Outcome {
        var runId: String
        var state: DagRunState
        var records: [TaskInstanceRecord]
        var home: UpdraftHome

        /// `task X failed (try N): error` plus the tail of its log file.
        func failureReport(_ record: TaskInstanceRecord) -> String {
            let path = home.logFile(for: record.id, tryNumber: max(1, record.tryNumber))
            let log = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
            return "--- \(record.id.taskId)\(record.id.mapIndex >= 0 ? "[\(record.id.mapIndex)]" : "") "
                + "\(record.state.rawValue) (try \(record.tryNumber)): \(record.errorMessage ?? "")\n\(tail)"
        }
    }

    /// Starts the runtime, triggers one manual run at `logicalDate`, waits for it, stops.
    func run(logicalDate: Date, conf: [String: JSONValue]) async throws -> Outcome {
        let runtime = StandaloneRuntime(options: StandaloneOptions(
            home: home, dagsFolder: nil, extraDags: [Self.testable(dag)], swiftTasks: SwiftTaskRegistry.from(dags: [dag]),
            localWorkers: 1, workerConcurrency: concurrency, executorEndpoints: ["inproc://updraft-dags-test"],
            eventsEndpoint: "", console: false), logger: Self.quietLogger())
        _ = try await runtime.start()
        do {
            guard let scheduler = await runtime.scheduler else { throw DagTestError("the runtime started without a scheduler") }
            let run = try await scheduler.trigger(dagId: dag.dagId, conf: conf, logicalDate: logicalDate, runType: .manual)
            let state = try await scheduler.waitForRun(dagId: dag.dagId, runId: run.runId)
            guard let store = await runtime.store else { throw DagTestError("the runtime started without a store") }
            let records = try await store.taskInstances(dagId: dag.dagId, runId: run.runId)
            await runtime.stop(graceful: true)
            return Outcome(runId: run.runId, state: state, records: records, home: home)
        } catch {
            await runtime.stop(graceful: false)
            throw error
        }
    }
}

extension DagTestRun {
    /// Warnings and errors only: the runtime's info lines would bury the result.
    static func quietLogger() -> Logger {
        var logger = Logger(label: "updraft.dags-test")
        logger.logLevel = .warning
        return logger
    }

    /// The DAG as the test runs it: no start date (so the scheduler creates no scheduled
    /// run next to the test run) and every task on queue `default` (the one local worker
    /// serves it; as Airflow's `dags test`, queues do not matter in a test run).
    static func testable(_ dag: Dag) -> Dag {
        var copy = dag
        copy.startDate = nil
        for index in copy.tasks.indices { copy.tasks[index].queue = "default" }
        return copy
    }
}

/// `dags test` could not run the DAG.
struct DagTestError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
    init(_ description: String) { self.description = description }
}
