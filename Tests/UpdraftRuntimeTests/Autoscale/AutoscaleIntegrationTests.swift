#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UpdraftProtocol
@testable import UpdraftRuntime

/// Real `updraft worker` processes spawned by the autoscaler over tcp://127.0.0.1.
@Suite("Autoscaler: workers on demand (real processes)", .serialized)
struct AutoscaleIntegrationTests {
    @Test("min 0 / max 4, 40 one-second tasks: never more than 4 workers, all succeed, retired to 0")
    func fortyTasks() async throws {
        let policy = QueueScaling(queue: "default", minWorkers: 0, maxWorkers: 4, workerConcurrency: 5, idleTimeout: .milliseconds(500))
        let harness = try await AutoscaleHarness(queues: [policy])
        await harness.executor.submit((0..<40).map { AutoscaleHarness.bash("t\($0)", "sleep 1") })
        #expect(await harness.eventually(60) { harness.finished.count == 40 })
        let failed = harness.finished.values.filter { $0.state != .success }.map { "\($0.key.taskID)#\($0.key.tryNumber): \($0.state) \($0.errorMessage)" }
        #expect(failed.isEmpty, "not success: \(failed.sorted())")
        #expect(harness.maxWorkersSeen.withLock { $0 } <= 4)
        #expect(harness.maxWorkersSeen.withLock { $0 } >= 2)
        let retired = await harness.eventually(20) {
            let workers = await harness.executor.workers()
            let spawned = await harness.autoscaler.spawnedWorkerIDs()
            return workers.isEmpty && spawned.isEmpty
        }
        #expect(retired)
        let stats = await harness.autoscaler.stats()
        #expect(stats.spawned <= 4)
        #expect(stats.retired == stats.spawned)
        #expect(stats.spawnFailures == 0)
        #expect(stats.lost == 0)
        await harness.shutdown()
    }

    @Test("a spawned worker killed with SIGKILL is replaced and the retried try runs on the new one")
    func killedWorkerReplaced() async throws {
        let policy = QueueScaling(queue: "default", maxWorkers: 1, workerConcurrency: 1, idleTimeout: .seconds(30))
        let harness = try await AutoscaleHarness(queues: [policy], heartbeat: (200, 1500))
        await harness.executor.submit([AutoscaleHarness.bash("victim", "sleep 10")])
        #expect(await harness.eventually(20) { harness.started.contains { $0.key.taskID == "victim" } })
        let first = try #require(await harness.executor.workers().first)
        kill(pid_t(first.pid), SIGKILL)
        #expect(await harness.eventually(30) { harness.finished["victim"]?.state == .failed })
        // The scheduler's retry policy would submit try 2; do what it does.
        await harness.executor.submit([AutoscaleHarness.bash("victim", "true", tryNumber: 2)])
        #expect(await harness.eventually(30) { harness.finished["victim"]?.key.tryNumber == 2 })
        #expect(harness.finished["victim"]?.state == .success)
        let second = try #require(harness.started.last { $0.key.taskID == "victim" })
        #expect(second.key.tryNumber == 2)
        #expect(second.workerID != first.workerID)
        let stats = await harness.autoscaler.stats()
        #expect(stats.lost == 1)
        #expect(stats.spawned == 2)
        await harness.shutdown()
    }

    @Test("a command spawner failing the first time reports it, backs off, and the tasks still run")
    func commandFailsFirst() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("autoscale-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("start-worker.sh")
        let marker = folder.appendingPathComponent("tried-once").path
        try """
            #!/bin/sh
            if [ ! -e '\(marker)' ]; then touch '\(marker)'; echo "cannot reach host: boom" >&2; exit 3; fi
            exec '\(AutoscaleHarness.updraftBinary)' worker "$@"
            """.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        let spawner = try CommandWorkerSpawner(
            template: "\(script.path) --connect {endpoint} --queues {queue} --id {worker_id} --concurrency {concurrency}")
        var policy = QueueScaling(queue: "default", maxWorkers: 1, workerConcurrency: 3, idleTimeout: .seconds(30))
        policy.retryBackoff = .milliseconds(100)
        let harness = try await AutoscaleHarness(queues: [policy], spawner: spawner)
        await harness.executor.submit((0..<3).map { AutoscaleHarness.bash("c\($0)", "true") })
        #expect(await harness.eventually(30) { harness.finished.count == 3 })
        #expect(harness.finished.values.allSatisfy { $0.state == .success })
        // The autoscaler notes the registration on its next look (every 20 ms).
        #expect(await harness.eventually(30) { await harness.autoscaler.stats().registered == 1 })
        let stats = await harness.autoscaler.stats()
        #expect(stats.spawnFailures == 1)
        #expect(stats.lastSpawnError?.contains("exit status 3") == true)
        #expect(stats.lastSpawnError?.contains("cannot reach host: boom") == true)
        await harness.shutdown()
    }

    @Test("per-queue spawning keeps heavy tries on heavy workers")
    func perQueue() async throws {
        let harness = try await AutoscaleHarness(queues: [
            QueueScaling(queue: "default", maxWorkers: 2, workerConcurrency: 2, idleTimeout: .seconds(30)),
            QueueScaling(queue: "heavy", maxWorkers: 1, workerConcurrency: 1, idleTimeout: .seconds(30)),
        ])
        let heavy = (0..<3).map { AutoscaleHarness.bash("heavy\($0)", "sleep 0.2", queue: "heavy") }
        let light = (0..<4).map { AutoscaleHarness.bash("light\($0)", "sleep 0.2") }
        await harness.executor.submit(heavy + light)
        #expect(await harness.eventually(30) { harness.finished.count == 7 })
        #expect(harness.finished.values.allSatisfy { $0.state == .success })
        for started in harness.started {
            if started.key.taskID.hasPrefix("heavy") {
                #expect(started.workerID.hasPrefix("spawned-heavy-"), "\(started.key.taskID) ran on \(started.workerID)")
            } else {
                #expect(started.workerID.hasPrefix("spawned-default-"), "\(started.key.taskID) ran on \(started.workerID)")
            }
        }
        await harness.shutdown()
    }
}
