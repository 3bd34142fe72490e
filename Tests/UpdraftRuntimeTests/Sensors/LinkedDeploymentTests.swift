import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftLoader
import UpdraftProtocol
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

/// A second deployment: its own store, scheduler and event bus on tcp://127.0.0.1 (a free port).
struct TCPDeployment {
    let harness: SchedulerHarness
    let tcpEndpoint: String

    static func make(_ dags: [Dag]) async throws -> TCPDeployment {
        let store = FakeStore()
        let executor = ScriptedExecutor(log: store.log)
        let loop = MessageLoop(name: "linked-\(UUID().uuidString.prefix(6))")
        let events = try await EventPublisher(
            loop: loop, endpoints: ["inproc://linked-\(UUID().uuidString)", "tcp://127.0.0.1:0"], logger: Logger(label: "test"))
        let published = await events.subscribe()
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-linked-\(UUID().uuidString)"))
        var configuration = SchedulerConfiguration()
        configuration.externalChangePoll = .milliseconds(20)
        configuration.retentionMaxAge = nil
        var logger = Logger(label: "linked-test")
        logger.logLevel = .warning
        let scheduler = Scheduler(store: store, executor: executor, dags: DagProvider(folder: nil, extraDags: dags), home: home,
                                  events: events, configuration: configuration, logger: logger)
        try await scheduler.prepare()
        let runTask = Task { try await scheduler.run() }
        let h = SchedulerHarness(loop: loop, store: store, executor: executor, events: events, scheduler: scheduler,
                                 home: home, log: store.log, runTask: runTask, published: published)
        let tcp = try #require(await events.endpoints.first { $0.hasPrefix("tcp://") })
        return TCPDeployment(harness: h, tcpEndpoint: tcp)
    }
}

@Suite("external_task sensors across deployments and on the examples", .timeLimit(.minutes(1)))
struct LinkedDeploymentTests {
    @Test("two schedulers, each with its own store, linked by a sensor over tcp://127.0.0.1")
    func overTCP() async throws {
        let producer = try await TCPDeployment.make([bashDag("producer", [("publish", "true")])])
        var target = ExternalTaskTarget(externalDagId: "producer", externalTaskIds: ["publish"], failedStates: [.failed])
        target.endpoint = producer.tcpEndpoint
        let consumer = try await SchedulerHarness.make([sensorDag("consumer", SensorSpec(kind: .externalTask(target), timeout: TimeSpan(seconds: 30)))])

        let down = try await consumer.trigger("consumer")
        #expect(await sensorEventually { consumer.row("consumer", down.runId, "wait")?.state == .upForReschedule })
        // The SUB socket connects asynchronously; its subscription must reach the PUB first.
        try await Task.sleep(for: .milliseconds(300))
        _ = try await producer.harness.trigger("producer")
        producer.harness.executor.run(await producer.harness.submitted(0))
        let b = await consumer.submitted(0)
        #expect(b.key.dagID == "consumer" && b.key.taskID == "b")
        #expect(consumer.row("consumer", down.runId, "wait")?.state == .success)
        // The consumer's store never saw the producer's DAG.
        #expect(consumer.store.allInstances.allSatisfy { $0.id.dagId == "consumer" })
        await consumer.stop()
        await producer.harness.stop()
    }

    @Test("a remote endpoint that is not a ZeroMQ endpoint fails the sensor try, naming it")
    func badEndpoint() async throws {
        var target = ExternalTaskTarget(externalDagId: "producer", externalTaskIds: ["publish"])
        target.endpoint = "http://not-zeromq"
        let h = try await SchedulerHarness.make([sensorDag("consumer", SensorSpec(kind: .externalTask(target)))])
        let run = try await h.trigger("consumer")
        #expect(try await h.scheduler.waitForRun(dagId: "consumer", runId: run.runId) == .failed)
        let message = h.row("consumer", run.runId, "wait")?.errorMessage ?? ""
        #expect(message.contains("cannot subscribe to http://not-zeromq"))
        await h.stop()
    }

    @Test("examples/linked_producer.yml and linked_consumer.yml: the consumer's import runs right after publish")
    func examples() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
        let dags = try ["linked_producer", "linked_consumer"].map {
            try DagBag.loadFile(at: root.appendingPathComponent("\($0).yml").path).get()
        }
        // Both run daily at 01:00 without catchup: the scheduler creates one scheduled run of
        // each, at the same logical date, and the consumer's sensor waits for the producer's.
        let h = try await SchedulerHarness.make(dags)
        #expect(await sensorEventually {
            h.store.allInstances.contains { $0.id.taskId == "wait_for_export" && $0.state == .upForReschedule }
        })
        let export = await h.submitted(0)
        #expect(export.key.dagID == "linked_producer" && export.key.taskID == "export")
        h.executor.run(export)
        let publish = await h.submitted(1)
        #expect(publish.key.taskID == "publish")
        h.executor.run(publish)
        let importTask = await h.submitted(2)
        #expect(importTask.key.dagID == "linked_consumer" && importTask.key.taskID == "import")
        #expect(importTask.key.runID == publish.key.runID)
        #expect(importTask.command.hasPrefix("cat /tmp/updraft-exports/"))
        await h.stop()
    }
}
