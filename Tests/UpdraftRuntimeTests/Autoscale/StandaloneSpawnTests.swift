import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

@Suite("StandaloneRuntime with workers on demand (real processes)", .serialized, .timeLimit(.minutes(2)))
struct StandaloneSpawnTests {
    @Test("no in-process worker: the DAG runs on spawned workers, which are retired when idle")
    func runsOnSpawnedWorkers() async throws {
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-spawn-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: home.root) }
        let dag = bashDag("spawned_chain", [("a", "echo one"), ("b", "sleep 0.2"), ("c", "sleep 0.2"), ("d", "echo done")],
                          edges: [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
        var options = StandaloneOptions(home: home, extraDags: [dag], localWorkers: 0,
                                        executorEndpoints: ["tcp://127.0.0.1:0"], eventsEndpoint: "")
        options.scheduler.retentionMaxAge = nil
        options.services.spawner = .local(executable: AutoscaleHarness.updraftBinary)
        options.services.autoscaling = AutoscalerConfiguration(queues: [
            // Idle for 2 s before retiring: a loaded machine can take longer than a short
            // timeout between one task's end and the next dispatch (then a retire and a respawn).
            QueueScaling(queue: "default", maxWorkers: 2, workerConcurrency: 1, idleTimeout: .seconds(2)),
        ])
        var logger = Logger(label: "spawn-test")
        logger.logLevel = .warning
        let runtime = StandaloneRuntime(options: options, logger: logger)
        let endpoints = try await runtime.start()
        #expect(endpoints.services.spawn == endpoints.executor.first)
        let scheduler = try #require(await runtime.scheduler)
        let autoscaler = try #require(await runtime.autoscaler)
        let run = try await scheduler.trigger(dagId: "spawned_chain", conf: [:], logicalDate: nil, runType: .manual)
        #expect(try await scheduler.waitForRun(dagId: "spawned_chain", runId: run.runId) == .success)
        let store = try SQLiteStore(path: home.databasePath)
        let rows = try await store.taskInstances(dagId: "spawned_chain", runId: run.runId)
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.state == .success && ($0.workerId ?? "").hasPrefix("spawned-default-") })
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !(await autoscaler.spawnedWorkerIDs().isEmpty) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let stats = await autoscaler.stats()
        #expect(await autoscaler.spawnedWorkerIDs().isEmpty)
        #expect(stats.spawned >= 1 && stats.spawned <= 2)
        #expect(stats.retired == stats.spawned)
        await runtime.stop(graceful: true)
    }
}
