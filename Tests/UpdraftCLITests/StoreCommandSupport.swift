import Foundation
import UpdraftCore
import UpdraftStore
@testable import UpdraftCLI

/// A temporary Updraft home with a store holding one DAG (`etl`, tasks extract >> load >>
/// report, plus mapped `fan`) and one run, for the store command tests.
struct StoreCommandHome {
    let path: String
    let home: UpdraftHome
    let store: SQLiteStore
    let run: DagRunRecord

    /// 2026-11-01T00:00:00Z.
    static let logicalDate = Date(timeIntervalSince1970: 1_793_491_200)
    static let runId = "manual__2026-11-01T00:00:00+00:00"

    init() async throws {
        path = try CLIPaths.temporaryFolder()
        home = UpdraftHome(root: URL(fileURLWithPath: path))
        store = try SQLiteStore(path: home.databasePath)
        let date = Self.logicalDate
        var run = DagRunRecord(dagId: "etl", runId: Self.runId, logicalDate: date, dataIntervalStart: date,
                               dataIntervalEnd: date, state: .failed, runType: .manual, queuedAt: date,
                               startDate: date, endDate: date.addingTimeInterval(60))
        run.conf = ["n": .int(1)]
        self.run = run
        try await store.syncDags([DagRecord(dagId: "etl", fileLocation: "\(path)/dags/etl.yml")])
        var batch = StoreBatch()
        batch.dagRuns = [run]
        func ti(_ task: String, _ state: TaskInstanceState, tries: Int, mapIndex: Int = -1) -> TaskInstanceRecord {
            var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: "etl", runId: Self.runId, taskId: task, mapIndex: mapIndex),
                                        state: state, tryNumber: tries, maxTries: 1)
            if tries > 0 {
                ti.startDate = date.addingTimeInterval(1)
                ti.endDate = date.addingTimeInterval(3.5)
                ti.hostname = "worker-1"
            }
            return ti
        }
        batch.taskInstances = [ti("extract", .success, tries: 1), ti("load", .failed, tries: 2),
                               ti("report", .upstreamFailed, tries: 0),
                               ti("fan", .success, tries: 1, mapIndex: 0), ti("fan", .success, tries: 1, mapIndex: 1)]
        try await store.commit(batch)
        try FileManager.default.createDirectory(atPath: path + "/dags", withIntermediateDirectories: true)
        try """
            dag_id: etl
            schedule: "@daily"
            start_date: 2026-01-01
            tasks:
              - task_id: extract
                bash: "echo e"
              - task_id: load
                bash: "echo l"
                upstream: [extract]
              - task_id: report
                bash: "echo r"
                upstream: [load]
              - task_id: fan
                bash: "echo f"
            """.write(toFile: path + "/dags/etl.yml", atomically: true, encoding: .utf8)
    }

    /// Writes a log file for one try.
    func writeLog(_ task: String, try number: Int, mapIndex: Int = -1, _ text: String) throws {
        let file = home.logFile(for: TaskInstanceID(dagId: "etl", runId: Self.runId, taskId: task, mapIndex: mapIndex),
                                tryNumber: number)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
