import Foundation
import Logging
import Synchronization
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

/// CURVE on a scheduler's tcp sockets in this process (``StandaloneRuntime``, real ZeroMQ
/// sockets over tcp://127.0.0.1, no mocks): who gets work. The same with real `updraft`
/// processes, and what a listener on the link sees: Tests/UpdraftIntegrationTests/CurveLinkTests.swift.
@Suite("CURVE on the executor's tcp link", .serialized, .timeLimit(.minutes(3)))
struct CurveRuntimeTests {
    static var quietLogger: Logger {
        var logger = Logger(label: "curve-test")
        logger.logLevel = .error
        return logger
    }

    static func home() -> UpdraftHome {
        UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-curve-\(UUID().uuidString)"))
    }

    /// A scheduler process's runtime with no workers of its own: executor, bus and stats on tcp.
    static func start(_ dag: Dag, home: UpdraftHome, security: RuntimeSecurity = .homeKeys()) async throws -> StandaloneRuntime {
        var options = StandaloneOptions(home: home, extraDags: [dag], localWorkers: 0,
                                        executorEndpoints: ["tcp://127.0.0.1:0"], eventsEndpoint: "tcp://127.0.0.1:0")
        options.scheduler.retentionMaxAge = nil
        options.security = security
        let runtime = StandaloneRuntime(options: options, logger: quietLogger)
        _ = try await runtime.start()
        return runtime
    }

    /// A worker process's worker on its own loop, connected to `endpoint` with `curve`.
    static func worker(_ endpoint: String, curve: CurveSecurity?, id: String) -> (Worker, MessageLoop, Task<Void, Never>) {
        let loop = MessageLoop(name: "curve-test-worker")
        var configuration = WorkerConfiguration(endpoint: endpoint, workerId: id, concurrency: 2)
        configuration.curve = curve
        let worker = Worker(configuration: configuration, loop: loop, swiftTasks: SwiftTaskRegistry(), logger: quietLogger)
        let task = Task { _ = try? await worker.run() }
        return (worker, loop, task)
    }

    static func executorEndpoint(_ home: UpdraftHome) throws -> String {
        try #require(try SchedulerInfo.read(from: home.schedulerInfoFile)?.executorEndpoint)
    }

    /// A DEALER that says hello as a worker would, and keeps saying it, recording what comes back.
    final class RawDealer: Sendable {
        let port: WirePort<UpdraftCodec>
        final class Log: Sendable { let messages = Mutex<[UpdraftMessage]>([]) }
        let log = Log()
        let reader: Task<Void, Never>

        init(_ endpoint: String, loop: MessageLoop, id: String, curve: CurveSecurity?) async throws {
            var options = PortOptions()
            options.routingID = PeerID(id)
            options.curve = curve
            port = try await loop.connect(.dealer, endpoint, codec: UpdraftCodec(), options: options)
            let port = self.port, log = self.log
            reader = Task {
                for await batch in port.inbox { log.messages.withLock { $0 += batch.map(\.message) } }
            }
        }

        func hello(_ id: String) async throws {
            var hello = WireWorkerHello()
            hello.workerID = id
            hello.queues = ["default"]
            hello.capacity = 4
            hello.minProtocolVersion = 1
            hello.maxProtocolVersion = 1
            hello.hostname = "intruder"
            hello.pid = 4242
            try await port.send(.workerHello(hello))
        }

        var received: [UpdraftMessage] { log.messages.withLock { $0 } }

        func close() async {
            await port.close()
            reader.cancel()
        }
    }

    @Test("a DEALER with no keys and one with an unknown key get nothing, the run's states do not move; a known key runs it")
    func strangersGetNoDispatch() async throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let runtime = try await Self.start(bashDag("curve_gate", [("t", "echo gated")]), home: home)
        let endpoint = try Self.executorEndpoint(home)
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "curve_gate", conf: [:], logicalDate: nil, runType: .manual)
        let store = try SQLiteStore(path: home.databasePath)
        // The try is queued in the executor, waiting for a worker.
        var before: [String] = []
        for _ in 0..<300 where before != ["t queued 1"] {
            try await Task.sleep(for: .milliseconds(100))
            before = try await store.taskInstances(dagId: "curve_gate", runId: run.runId).map { "\($0.id.taskId) \($0.state) \($0.tryNumber)" }
        }
        #expect(before == ["t queued 1"])

        let loop = MessageLoop(name: "intruders")
        let serverKey = try CurveKeyFile.readPublicKey(at: HomeCurveKeys(home: home).serverPublicFile)
        let keyless = try await RawDealer(endpoint, loop: loop, id: "keyless", curve: nil)
        let stranger = try await RawDealer(endpoint, loop: loop, id: "stranger",
                                           curve: .client(try CurveKeyPair.generate(), serverKey: serverKey))
        for _ in 0..<10 {
            try await keyless.hello("keyless")
            try await stranger.hello("stranger")
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(keyless.received.isEmpty, "a keyless DEALER was answered: \(keyless.received)")
        #expect(stranger.received.isEmpty, "an unknown key was answered: \(stranger.received)")
        let after = try await store.taskInstances(dagId: "curve_gate", runId: run.runId).map { "\($0.id.taskId) \($0.state) \($0.tryNumber)" }
        #expect(after == before)
        #expect(try await store.taskInstances(dagId: "curve_gate", runId: run.runId).allSatisfy { $0.workerId == nil })
        await keyless.close()
        await stranger.close()
        await loop.shutdown()

        // The home's client key (what a spawned worker is given) is allowed: the run ends.
        let client = try #require(try HomeCurveKeys(home: home).clientSecurity())
        let (worker, workerLoop, workerTask) = Self.worker(endpoint, curve: client, id: "known")
        let state = try await scheduler.waitForRun(dagId: "curve_gate", runId: run.runId)
        #expect(state == .success)
        #expect(try await store.taskInstances(dagId: "curve_gate", runId: run.runId).first?.workerId == "known")
        await worker.stop(graceful: true)
        await workerTask.value
        await workerLoop.shutdown()
        await runtime.stop(graceful: true)
    }

    @Test("the stats endpoint and the event bus answer the home's key and no other")
    func statsAndEventsNeedAKey() async throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let runtime = try await Self.start(bashDag("curve_bus", [("t", "echo bus")]), home: home)
        let info = try #require(try SchedulerInfo.read(from: home.schedulerInfoFile))
        let stats = try #require(info.statsEndpoint)
        let homeKeys = try #require(try HomeCurveKeys(home: home).clientSecurity())
        let stranger = CurveSecurity.client(try CurveKeyPair.generate(), serverKey: try CurveKey(z85: try #require(info.curveServerKey)))

        let known = try await StatsClient.connect(stats, curve: homeKeys)
        #expect(try await known.fetch(timeout: .seconds(10)).process.hasPrefix("standalone@"))
        await known.close()
        for curve in [stranger, nil] {
            let refused = try await StatsClient.connect(stats, curve: curve)
            await #expect(throws: WireError.self) { _ = try await refused.fetch(timeout: .seconds(1)) }
            await refused.close()
        }

        // Subscribers: the known one sees the run's events, the others nothing.
        final class Seen: Sendable { let count = Mutex(0) }
        var clients: [(EventBusClient, Seen)] = []
        for curve in [homeKeys, stranger, nil] as [CurveSecurity?] {
            let seen = Seen()
            clients.append((try await EventBusClient(endpoint: info.eventsEndpoint, logger: Self.quietLogger, curve: curve) { events in
                seen.count.withLock { $0 += events.count }
            }, seen))
        }
        try await Task.sleep(for: .milliseconds(500))  // SUB connections up before the run
        let scheduler = try #require(await runtime.scheduler)
        _ = try await scheduler.trigger(dagId: "curve_bus", conf: [:], logicalDate: nil, runType: .manual)
        let deadline = ContinuousClock.now + .seconds(20)
        while clients[0].1.count.withLock({ $0 }) == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(clients[0].1.count.withLock { $0 } > 0)
        #expect(clients[1].1.count.withLock { $0 } == 0)
        #expect(clients[2].1.count.withLock { $0 } == 0)
        for (client, _) in clients { await client.close() }
        await runtime.stop(graceful: false)
    }
}
