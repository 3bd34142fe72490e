import Foundation
import Logging
import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// A spawner that must not be used.
struct RefusingSpawner: WorkerSpawner {
    var kind: String { "refusing" }
    var processIsWorker: Bool { true }
    func launch(_ request: SpawnRequest) throws(SpawnError) -> SpawnedProcess {
        throw SpawnError("worker \(request.workerID): this test spawns nothing")
    }
}

@Suite("Autoscaler: bookkeeping without processes")
struct AutoscalerAdoptionTests {
    typealias Kit = ExecutorTestKit

    @Test("a worker spawned by an earlier scheduler process is adopted and retired when idle; a hand-started one is not")
    func adoptsOrphans() async throws {
        let loop = MessageLoop(name: "autoscale-adopt")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let orphan = try await FakeDealerWorker.join(endpoint, loop: loop, id: "spawned-default-3-4242", capacity: 1)
        let hand = try await FakeDealerWorker.join(endpoint, loop: loop, id: "build-box-1", capacity: 1)
        let autoscaler = try Autoscaler(
            executor: executor, endpoint: endpoint, spawner: RefusingSpawner(),
            configuration: AutoscalerConfiguration(queues: [QueueScaling(queue: "default", maxWorkers: 4, idleTimeout: .milliseconds(50))]),
            logger: Logger(label: "test"))
        await autoscaler.start()
        #expect(await Kit.eventually { orphan.messages.contains { $0.kind == .workerDrain } })
        #expect(await autoscaler.spawnedWorkerIDs() == ["spawned-default-3-4242"])
        try await Task.sleep(for: .milliseconds(200))
        #expect(!hand.messages.contains { $0.kind == .workerDrain })
        #expect(await autoscaler.stats().spawned == 0)
        await autoscaler.stop(grace: .zero)
        await orphan.close()
        await hand.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a spawn that cannot start is reported and backs off; queued tries stay queued")
    func failedLaunch() async throws {
        let loop = MessageLoop(name: "autoscale-refuse")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        var policy = QueueScaling(queue: "default", maxWorkers: 2)
        policy.retryBackoff = .seconds(30)
        let autoscaler = try Autoscaler(
            executor: executor, endpoint: endpoint, spawner: RefusingSpawner(),
            configuration: AutoscalerConfiguration(queues: [policy]), logger: Logger(label: "test"))
        await executor.submit([Kit.work("waiting")])
        await autoscaler.start()
        #expect(await Kit.eventually { await autoscaler.stats().spawnFailures >= 1 })
        try await Task.sleep(for: .milliseconds(100))
        let stats = await autoscaler.stats()
        #expect(stats.spawnFailures == 1)
        #expect(stats.lastSpawnError == "worker spawned-default-1-\(getpid()): this test spawns nothing")
        #expect(await executor.queuedCounts() == ["default": 1])
        await autoscaler.stop(grace: .zero)
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("bad settings are refused at init, naming the queue and field")
    func badConfiguration() async throws {
        let loop = MessageLoop(name: "autoscale-bad")
        let executor = WorkerExecutor(loop: loop, logger: Logger(label: "test"))
        #expect(throws: AutoscalerConfigurationError(problems: ["queue 'default': max_workers is 0, expected 1 or more"])) {
            try Autoscaler(
                executor: executor, endpoint: "tcp://127.0.0.1:1", spawner: RefusingSpawner(),
                configuration: AutoscalerConfiguration(queues: [QueueScaling(queue: "default", maxWorkers: 0)]),
                logger: Logger(label: "test"))
        }
        await loop.shutdown()
    }
}
