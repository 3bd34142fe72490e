import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

@Suite("Scheduler over a real SQLite store", .timeLimit(.minutes(2)))
struct SQLiteSchedulerTests {
    /// A scheduler over a temp SQLite store and `executor`.
    static func make(_ dags: [Dag], executor: any WorkDispatching) async throws
        -> (Scheduler, SQLiteStore, MessageLoop, EventPublisher, UpdraftHome, Task<Void, any Error>)
    {
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-sqlite-\(UUID().uuidString)"))
        let store = try SQLiteStore(path: home.databasePath)
        let loop = MessageLoop(name: "sqlite-sched")
        let events = try await EventPublisher(loop: loop, endpoints: ["inproc://sqlite-sched-\(UUID().uuidString)"], logger: Logger(label: "t"))
        var configuration = SchedulerConfiguration()
        configuration.retentionMaxAge = nil
        var logger = Logger(label: "sqlite-sched")
        logger.logLevel = .warning
        let scheduler = Scheduler(store: store, executor: executor, dags: DagProvider(folder: nil, extraDags: dags),
                                  home: home, events: events, configuration: configuration, logger: logger)
        try await scheduler.prepare()
        let task = Task { try await scheduler.run() }
        return (scheduler, store, loop, events, home, task)
    }

    @Test("a chain with XCom passing runs to success; rows, XComs and try numbers are in the store")
    func chainInSQLite() async throws {
        let dag = bashDag("sq_chain", [("a", "echo a"), ("b", "echo {{ ti.xcom_pull(task_ids='a') }}"), ("c", "true")],
                          edges: [("a", "b"), ("b", "c")])
        let executor = AutoExecutor()
        let (scheduler, store, loop, events, home, task) = try await Self.make([dag], executor: executor)
        let run = try await scheduler.trigger(dagId: "sq_chain", conf: [:], logicalDate: nil, runType: .manual)
        #expect(try await scheduler.waitForRun(dagId: "sq_chain", runId: run.runId) == .success)
        let rows = try await store.taskInstances(dagId: "sq_chain", runId: run.runId)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.state == .success && $0.tryNumber == 1 && $0.workerId == "auto" })
        let xcoms = try await store.xcoms(dagId: "sq_chain", runId: run.runId)
        #expect(xcoms.contains { $0.id.taskId == "a" && $0.value == .string("a") })
        #expect(try await store.dagRun(dagId: "sq_chain", runId: run.runId)?.state == .success)
        await scheduler.stop()
        _ = try? await task.value
        await events.close()
        await loop.shutdown()
        try? FileManager.default.removeItem(at: home.root)
    }

    @Test("a 2,000-task fan-out completes with every instance committed once as success")
    func fanOut() async throws {
        let n = 2_000
        var tasks = [("root", "true")]
        tasks += (0..<n).map { ("leaf_\($0)", "true") }
        var dag = bashDag("sq_fan", tasks, edges: (0..<n).map { ("root", "leaf_\($0)") })
        dag.maxActiveTasks = 100_000
        let executor = AutoExecutor()
        let t0 = Date()
        let (scheduler, store, loop, events, home, task) = try await Self.make([dag], executor: executor)
        print("make: \(Date().timeIntervalSince(t0))")
        try await store.setPool(PoolRecord(name: "default_pool", slots: -1))
        try await Task.sleep(for: .milliseconds(300))
        let started = Date()
        let run = try await scheduler.trigger(dagId: "sq_fan", conf: [:], logicalDate: nil, runType: .manual)
        #expect(try await scheduler.waitForRun(dagId: "sq_fan", runId: run.runId) == .success)
        let elapsed = Date().timeIntervalSince(started)
        print("fan-out \(n + 1) tasks: \(String(format: "%.2f", elapsed)) s, \(Int(Double(n + 1) / elapsed)) TI/s")
        let t1 = Date()
        let rows = try await store.taskInstances(dagId: "sq_fan", runId: run.runId)
        print("read rows: \(Date().timeIntervalSince(t1))")
        #expect(rows.count == n + 1)
        #expect(rows.allSatisfy { $0.state == .success })
        #expect(await executor.submittedCount == n + 1)
        let t2 = Date()
        await scheduler.stop()
        _ = try? await task.value
        print("stop: \(Date().timeIntervalSince(t2))")
        await events.close()
        print("close: \(Date().timeIntervalSince(t2))")
        await loop.shutdown()
        print("loop: \(Date().timeIntervalSince(t2))")
        try? FileManager.default.removeItem(at: home.root)
    }
}
