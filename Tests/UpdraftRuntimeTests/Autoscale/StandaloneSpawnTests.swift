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
        // Spawned workers connect over ipc:// to a socket in a folder only this user may enter.
        let spawn = try #require(endpoints.services.spawn)
        #expect(spawn.hasPrefix("ipc://") && !endpoints.executor.contains(spawn), "spawn endpoint \(spawn)")
        let socketFolder = URL(fileURLWithPath: String(spawn.dropFirst("ipc://".count))).deletingLastPathComponent().path
        let mode = try FileManager.default.attributesOfItem(atPath: socketFolder)[.posixPermissions] as? Int
        #expect(mode == 0o700, "mode of \(socketFolder)")
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
        #expect(!FileManager.default.fileExists(atPath: socketFolder), "\(socketFolder) left after the stop")
    }

    @Test("the private socket folder: mode 0700 in the preferred place, in the fallback when a socket path there would be too long")
    func privateSocketFolder() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-psf-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let short = try PrivateSocketFolder.create(preferred: base + "/run", fallback: base + "/tmp")
        #expect(short.path.hasPrefix(base + "/run/updraft-spawn-"))
        #expect((try FileManager.default.attributesOfItem(atPath: short.path)[.posixPermissions] as? Int) == 0o700)
        #expect(short.executorEndpoint == "ipc://\(short.path)/executor.sock")
        let long = try PrivateSocketFolder.create(preferred: base + "/" + String(repeating: "d", count: 120), fallback: base + "/tmp")
        #expect(long.path.hasPrefix(base + "/tmp/updraft-spawn-"))
        short.remove()
        #expect(!FileManager.default.fileExists(atPath: short.path))
        #expect(throws: SpawnError.self) {
            try PrivateSocketFolder.create(preferred: "/" + String(repeating: "a", count: 120), fallback: "/" + String(repeating: "b", count: 120))
        }
    }
}
