import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

@Suite("StandaloneRuntime end to end in one process", .serialized, .timeLimit(.minutes(2)))
struct StandaloneRuntimeTests {
    static func home() -> UpdraftHome {
        UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-standalone-\(UUID().uuidString)"))
    }

    static var quietLogger: Logger {
        var l = Logger(label: "standalone-test")
        l.logLevel = .warning
        return l
    }

    @Test("a 3-task bash chain passes an XCom value, succeeds, and leaves a log file per task")
    func bashChain() async throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let dag = bashDag("e2e_chain", [
            ("extract", "echo hello-xcom"),
            ("transform", "echo \"got {{ ti.xcom_pull(task_ids='extract') }}\""),
            ("load", "echo loaded"),
        ], edges: [("extract", "transform"), ("transform", "load")])
        var options = StandaloneOptions(home: home, extraDags: [dag], localWorkers: 1, workerConcurrency: 4,
                                        executorEndpoints: ["inproc://e2e-executor-\(UUID().uuidString)"], eventsEndpoint: "")
        options.scheduler.retentionMaxAge = nil
        let runtime = StandaloneRuntime(options: options, logger: Self.quietLogger)
        let endpoints = try await runtime.start()
        #expect(endpoints.databasePath == home.databasePath)
        let info = try SchedulerInfo.read(from: home.schedulerInfoFile)
        #expect(info?.pid == ProcessInfo.processInfo.processIdentifier)
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "e2e_chain", conf: [:], logicalDate: nil, runType: .manual)
        let state = try await scheduler.waitForRun(dagId: "e2e_chain", runId: run.runId)
        await scheduler.flushLogs()
        await runtime.stop(graceful: true)

        #expect(state == .success)
        let store = try SQLiteStore(path: home.databasePath)
        let rows = try await store.taskInstances(dagId: "e2e_chain", runId: run.runId)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.state == .success && $0.tryNumber == 1 && $0.workerId != nil })
        for row in rows {
            let file = home.logFile(for: row.id, tryNumber: 1)
            #expect(FileManager.default.fileExists(atPath: file.path), "missing log \(file.path)")
        }
        let transformLog = try String(contentsOf: home.logFile(for: TaskInstanceID(dagId: "e2e_chain", runId: run.runId, taskId: "transform"), tryNumber: 1), encoding: .utf8)
        #expect(transformLog.contains("got hello-xcom"))
        #expect(transformLog.contains("ended: success"))
        #expect(try await store.dagRun(dagId: "e2e_chain", runId: run.runId)?.state == .success)
        #expect(!FileManager.default.fileExists(atPath: home.schedulerInfoFile.path))
    }

    @Test("a sensitive variable's value is masked in the log file and the error, also split across two log chunks")
    func secretsMasked() async throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let secret = "pa55-w0rd-9f3k"
        let dag = bashDag("e2e_mask", [
            // Printed in two pieces with a pause, so the worker sends two log chunks.
            ("leak", "S='{{ var.value.db_password }}'; printf 'value: %s' \"${S:0:6}\"; sleep 0.4; printf '%s done\\n' \"${S:6}\"; echo \"$S\" >&2; exit 3"),
        ])
        var options = StandaloneOptions(home: home, extraDags: [dag], localWorkers: 1, workerConcurrency: 1,
                                        executorEndpoints: ["inproc://e2e-mask-\(UUID().uuidString)"], eventsEndpoint: "")
        options.scheduler.retentionMaxAge = nil
        let store = try SQLiteStore(path: home.databasePath)
        try await store.setVariable("db_password", secret)
        let runtime = StandaloneRuntime(options: options, logger: Self.quietLogger)
        _ = try await runtime.start()
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "e2e_mask", conf: [:], logicalDate: nil, runType: .manual)
        let state = try await scheduler.waitForRun(dagId: "e2e_mask", runId: run.runId)
        await scheduler.flushLogs()
        await runtime.stop(graceful: true)
        #expect(state == .failed)
        let id = TaskInstanceID(dagId: "e2e_mask", runId: run.runId, taskId: "leak")
        let log = try String(contentsOf: home.logFile(for: id, tryNumber: 1), encoding: .utf8)
        #expect(!log.contains(secret) && !log.contains("pa55-w"), "the secret is in the log:\n\(log)")
        #expect(log.contains("value: *** done"), "\(log)")
        let row = try #require(try await store.taskInstances(dagId: "e2e_mask", runId: run.runId).first)
        #expect(row.errorMessage?.contains(secret) == false && row.errorMessage?.contains("***") == true, "\(row.errorMessage ?? "-")")
    }

    @Test("a task failing on try 1 and succeeding on try 2 ends success with try_number 2")
    func retryEndToEnd() async throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        var retry = TaskDefaults()
        retry.retries = 1
        retry.retryDelay = TimeSpan(seconds: 0)
        let dag = bashDag("e2e_retry", [("flaky", "test \"$UPDRAFT_TRY_NUMBER\" -ge 2")], options: ["flaky": retry])
        var options = StandaloneOptions(home: home, extraDags: [dag], executorEndpoints: ["inproc://e2e-retry-\(UUID().uuidString)"], eventsEndpoint: "")
        options.scheduler.retentionMaxAge = nil
        let runtime = StandaloneRuntime(options: options, logger: Self.quietLogger)
        _ = try await runtime.start()
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "e2e_retry", conf: [:], logicalDate: nil, runType: .manual)
        let state = try await scheduler.waitForRun(dagId: "e2e_retry", runId: run.runId)
        await runtime.stop(graceful: true)
        #expect(state == .success)
        let store = try SQLiteStore(path: home.databasePath)
        let row = try await store.taskInstances(dagId: "e2e_retry", runId: run.runId).first
        #expect(row?.state == .success)
        #expect(row?.tryNumber == 2)
        #expect(FileManager.default.fileExists(atPath: home.logFile(for: row!.id, tryNumber: 1).path))
    }
}
