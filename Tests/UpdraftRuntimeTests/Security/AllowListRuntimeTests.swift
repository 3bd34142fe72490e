import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

/// The store's allow-list on a scheduler's tcp sockets with CURVE (real ZeroMQ sockets over
/// tcp://127.0.0.1, real workers, no mocks): queues per key, revocation, the per-dispatch fence.
@Suite("allow-list: queues per key, revoke, fence", .serialized, .timeLimit(.minutes(3)))
struct AllowListRuntimeTests {
    typealias Curve = CurveRuntimeTests

    /// Allows a fresh key under `name` in the home's store; returns the client settings.
    static func allow(_ name: String, home: UpdraftHome, queues: [String] = [], role: ClientKeyRole = .worker) async throws -> CurveSecurity {
        let pair = try CurveKeyPair.generate()
        let store = try SQLiteStore(path: home.databasePath)
        #expect(try await store.allowKey(AllowedKeyRecord(name: name, publicKey: pair.publicKey.z85, role: role, queues: queues, addedAt: Date())) == .added)
        let server = try CurveKeyFile.readPublicKey(at: HomeCurveKeys(home: home).serverPublicFile)
        return .client(pair, serverKey: server)
    }

    static func states(_ store: SQLiteStore, _ dagId: String, _ runId: String) async throws -> [String] {
        try await store.taskInstances(dagId: dagId, runId: runId).map { "\($0.id.taskId) \($0.state) \($0.tryNumber)" }
    }

    static func waitFor(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    static func gauges(_ home: UpdraftHome) async throws -> [String: Double] {
        let info = try #require(try SchedulerInfo.read(from: home.schedulerInfoFile))
        let client = try await StatsClient.connect(try #require(info.statsEndpoint), curve: try HomeCurveKeys(home: home).clientSecurity())
        defer { Task { await client.close() } }
        return try await client.fetch(timeout: .seconds(10)).gauges
    }

    @Test("a key allowed only etl asking for sensitive is refused at hello (not_allowed, naming the queue); a subscriber key gets nothing; the run does not move")
    func queueRefusedAtHello() async throws {
        let home = Curve.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let dag = bashDag("allow_queue", [("t", "echo secret-work")], options: ["t": opts { $0.queue = "sensitive" }])
        let runtime = try await Curve.start(dag, home: home)
        let endpoint = try Curve.executorEndpoint(home)
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "allow_queue", conf: [:], logicalDate: nil, runType: .manual)
        let store = try SQLiteStore(path: home.databasePath)
        #expect(try await Self.waitFor(30) { try await Self.states(store, "allow_queue", run.runId) == ["t queued 1"] })
        let etlOnly = try await Self.allow("etl-1", home: home, queues: ["etl"])
        let subscriber = try await Self.allow("dash", home: home, role: .subscriber)
        try await Task.sleep(for: .milliseconds(600))  // the scheduler polls the list every 250 ms

        let loop = MessageLoop(name: "allow-test-worker")
        var configuration = WorkerConfiguration(endpoint: endpoint, workerId: "etl-box", concurrency: 2)
        configuration.curve = etlOnly
        configuration.queues = ["etl", "sensitive"]
        let worker = Worker(configuration: configuration, loop: loop, swiftTasks: SwiftTaskRegistry(), logger: Curve.quietLogger)
        let error = await #expect(throws: WorkerError.self) { try await worker.run() }
        #expect(error?.code == .rejected)
        #expect(error?.message.contains("not_allowed") == true || error?.message.contains("notAllowed") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("may not serve queue 'sensitive'") == true, "\(error?.message ?? "")")
        await loop.shutdown()

        let intruders = MessageLoop(name: "allow-test-intruders")
        let dealer = try await Curve.RawDealer(endpoint, loop: intruders, id: "dash-as-worker", curve: subscriber)
        for _ in 0..<5 {
            try await dealer.hello("dash-as-worker")
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(dealer.received.isEmpty, "a subscriber key was answered at the executor: \(dealer.received)")
        await dealer.close()
        await intruders.shutdown()

        #expect(try await Self.states(store, "allow_queue", run.runId) == ["t queued 1"])
        #expect(try await store.taskInstances(dagId: "allow_queue", runId: run.runId).allSatisfy { $0.workerId == nil })
        let gauges = try await Self.gauges(home)
        #expect(gauges["executor.access_refused_hellos"] == 1)
        #expect((gauges["zap.refused"] ?? 0) >= 1)
        await runtime.stop(graceful: false)
    }

    @Test("a revoked worker is dropped within about a second: told not_allowed, it exits; its running try is retried as a lost worker's")
    func revokedWithinASecond() async throws {
        let home = Curve.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let dag = bashDag("allow_revoke", [("t", "sleep 30")], options: ["t": opts { $0.retries = 1 }])
        let runtime = try await Curve.start(dag, home: home)
        let endpoint = try Curve.executorEndpoint(home)
        let curve = try await Self.allow("w-rev", home: home)
        try await Task.sleep(for: .milliseconds(600))
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "allow_revoke", conf: [:], logicalDate: nil, runType: .manual)
        let store = try SQLiteStore(path: home.databasePath)

        let loop = MessageLoop(name: "allow-test-revoked")
        var configuration = WorkerConfiguration(endpoint: endpoint, workerId: "rev-box", concurrency: 2)
        configuration.curve = curve
        let worker = Worker(configuration: configuration, loop: loop, swiftTasks: SwiftTaskRegistry(), logger: Curve.quietLogger)
        let ended = Task { () -> WorkerError? in
            do { try await worker.run() } catch let error as WorkerError { return error } catch {}
            return nil
        }
        #expect(try await Self.waitFor(30) { try await Self.states(store, "allow_revoke", run.runId) == ["t running 1"] })

        let revokedAt = ContinuousClock.now
        #expect(try await store.revokeKey(name: "w-rev"))
        let error = await ended.value
        let took = ContinuousClock.now - revokedAt
        #expect(took < .milliseconds(1500), "the revoked worker ran on for \(took)")
        #expect(error?.code == .rejected && error?.message.contains("revoked") == true, "\(String(describing: error))")
        await loop.shutdown()
        // Its try was reported failed as a lost worker's: up for retry (then queued again, waiting).
        #expect(try await Self.waitFor(10) {
            let rows = try await store.taskInstances(dagId: "allow_revoke", runId: run.runId)
            return rows.first.map { $0.state != .running || $0.tryNumber > 1 } ?? false
        })
        let gauges = try await Self.gauges(home)
        #expect(gauges["executor.revoked_workers"] == 1)
        #expect(gauges["workers.registered"] == 0)
        await runtime.stop(graceful: false)
    }

    @Test("a worker reporting another worker's try is ignored: dropped, counted; the try's owner finishes it")
    func reportOfAnotherWorkersTryIsDropped() async throws {
        let home = Curve.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let runtime = try await Curve.start(bashDag("allow_fence", [("t", "sleep 2; echo owner")]), home: home)
        let endpoint = try Curve.executorEndpoint(home)
        let other = try await Self.allow("other", home: home)
        try await Task.sleep(for: .milliseconds(600))
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "allow_fence", conf: [:], logicalDate: nil, runType: .manual)
        let store = try SQLiteStore(path: home.databasePath)
        let client = try #require(try HomeCurveKeys(home: home).clientSecurity())
        let (owner, ownerLoop, ownerTask) = Curve.worker(endpoint, curve: client, id: "owner")
        #expect(try await Self.waitFor(30) { try await Self.states(store, "allow_fence", run.runId) == ["t running 1"] })

        // Another allowed worker says hello (no free queue work: it serves "default" too, but t runs on owner).
        let loop = MessageLoop(name: "allow-test-forger")
        let forger = try await Curve.RawDealer(endpoint, loop: loop, id: "forger", curve: other)
        try await forger.hello("forger")
        #expect(try await Self.waitFor(10) { forger.received.contains { if case .workerWelcome = $0 { true } else { false } } })
        var key = WireTaskInstanceKey()
        key.dagID = "allow_fence"
        key.runID = run.runId
        key.taskID = "t"
        key.mapIndex = -1
        key.tryNumber = 1
        var started = WireTaskStarted()
        started.key = key
        var finished = WireTaskFinished()
        finished.key = key
        finished.state = .failed
        finished.errorMessage = "forged"
        try await forger.port.send(.taskStarted(started))
        try await forger.port.send(.taskFinished(finished))
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await Self.states(store, "allow_fence", run.runId) == ["t running 1"], "a forged result moved the try")
        let gauges = try await Self.gauges(home)
        #expect(gauges["executor.fenced_task_messages"] == 2)

        #expect(try await scheduler.waitForRun(dagId: "allow_fence", runId: run.runId) == .success)
        #expect(try await store.taskInstances(dagId: "allow_fence", runId: run.runId).first?.workerId == "owner")
        await forger.close()
        await loop.shutdown()
        await owner.stop(graceful: true)
        await ownerTask.value
        await ownerLoop.shutdown()
        await runtime.stop(graceful: true)
    }
}
