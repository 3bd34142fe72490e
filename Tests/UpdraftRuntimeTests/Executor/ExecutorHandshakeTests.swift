import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("WorkerExecutor: handshake")
struct ExecutorHandshakeTests {
    typealias Kit = ExecutorTestKit

    @Test("hello gets a welcome with version, heartbeat and executor id; the worker is listed")
    func helloWelcome() async throws {
        let loop = MessageLoop(name: "exec-hello")
        var configuration = ExecutorConfiguration()
        configuration.executorID = "exec-test"
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: configuration)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", queues: ["default", "heavy"], capacity: 3)
        guard case .workerWelcome(let welcome) = worker.handshakeAnswer else {
            Issue.record("no welcome")
            return
        }
        #expect(welcome.workerID == "w1")
        #expect(welcome.protocolVersion == 1)
        #expect(welcome.heartbeatIntervalMs == 1000)
        #expect(welcome.heartbeatTimeoutMs == 5000)
        #expect(welcome.executorID == "exec-test")
        let workers = await executor.workers()
        #expect(workers.map(\.workerID) == ["w1"])
        #expect(workers.first?.capacity == 3)
        #expect(workers.first?.queues == ["default", "heavy"])
        #expect(workers.first?.busySlots == 0)
        #expect(await events.wait { if case .workerJoined(let hello) = $0 { hello.workerID == "w1" } else { false } })
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a worker without a common protocol version is rejected with the executor's range")
    func versionReject() async throws {
        let loop = MessageLoop(name: "exec-version")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.connect(endpoint, loop: loop, id: "future")
        try await worker.sendHello(minVersion: 3, maxVersion: 4)
        #expect(await Kit.eventually { worker.handshakeAnswer != nil })
        guard case .workerReject(let reject) = worker.handshakeAnswer else {
            Issue.record("expected a reject, got \(String(describing: worker.handshakeAnswer))")
            return
        }
        #expect(reject.code == .unsupportedVersion)
        #expect(reject.message.contains("3...4"))
        #expect(reject.minProtocolVersion == 1 && reject.maxProtocolVersion == 2)
        #expect(await executor.workers().isEmpty)
        #expect(await executor.stats().rejectedHellos == 1)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("an invalid hello (capacity 0) is answered invalid_hello with the reason; the peer stays unregistered")
    func invalidHello() async throws {
        let loop = MessageLoop(name: "exec-invalid")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        var options = PortOptions()
        options.routingID = PeerID("zero")
        let port = try await loop.connect(.dealer, endpoint, codec: UncheckedUpdraftCodec(), options: options)
        var hello = WireWorkerHello()
        hello.workerID = "zero"
        hello.queues = ["default"]
        hello.capacity = 0
        hello.minProtocolVersion = 1
        hello.maxProtocolVersion = 1
        try await port.send(.workerHello(hello))
        var beat = WireHeartbeat()
        beat.senderID = "zero"
        try await port.send(.heartbeat(beat))
        let answers = try await Kit.within(20, "both rejects") { () -> [UpdraftMessage] in
            var seen: [UpdraftMessage] = []
            for await batch in port.inbox {
                seen += batch.map(\.message)
                if seen.count >= 2 { break }
            }
            return seen
        }
        let rejects = answers.compactMap { message -> WireWorkerReject? in
            if case .workerReject(let reject) = message { reject } else { nil }
        }
        #expect(rejects.map(\.code) == [.invalidHello, .notRegistered], "\(answers)")
        #expect(rejects.first?.message.contains("capacity") == true, "\(rejects.first?.message ?? "")")
        #expect(await executor.workers().isEmpty)
        await port.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a message from a peer that never said hello gets one not_registered per interval")
    func notRegistered() async throws {
        let loop = MessageLoop(name: "exec-unregistered")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.connect(endpoint, loop: loop, id: "stranger")
        try await worker.heartbeat()
        try await worker.finish(Kit.key("t"))
        try await worker.heartbeat()
        #expect(await Kit.eventually { await executor.stats().unregisteredMessages == 3 })
        #expect(await Kit.eventually { !worker.messages.isEmpty })
        let rejects = worker.messages.compactMap { if case .workerReject(let r) = $0 { r } else { nil } }
        #expect(rejects.count == 1)
        #expect(rejects.first?.code == .notRegistered)
        #expect(events.finished.isEmpty)
        // Saying hello afterwards works.
        try await worker.sendHello()
        #expect(await Kit.eventually { await executor.workers().count == 1 })
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a hello for a worker id a live worker already uses is rejected")
    func duplicateWorkerID() async throws {
        let loop = MessageLoop(name: "exec-duplicate")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let first = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1")
        let impostor = try await FakeDealerWorker.connect(endpoint, loop: loop, id: "other-peer")
        try await impostor.port.send(.workerHello(first.hello()))
        #expect(await Kit.eventually { impostor.handshakeAnswer != nil })
        guard case .workerReject(let reject) = impostor.handshakeAnswer else {
            Issue.record("expected a reject")
            return
        }
        #expect(reject.code == .duplicateWorkerID)
        #expect(await executor.workers().map(\.workerID) == ["w1"])
        await first.close()
        await impostor.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a worker over tcp://127.0.0.1 registers and runs a try; the executor also serves inproc")
    func overTCP() async throws {
        let loop = MessageLoop(name: "exec-tcp")
        let (executor, inproc, events) = try await Kit.startExecutor(loop: loop)
        let tcp = try await executor.bind("tcp://127.0.0.1:0")
        #expect(tcp.hasPrefix("tcp://127.0.0.1:"))
        #expect(!tcp.hasSuffix(":0"))
        let remote = try await FakeDealerWorker.join(tcp, loop: loop, id: "remote", mode: .finishImmediately)
        let local = try await FakeDealerWorker.join(inproc, loop: loop, id: "local", queues: ["other"])
        await executor.submit([Kit.work("over-tcp")])
        #expect(await events.wait { if case .finished(let f) = $0 { f.state == .success } else { false } })
        #expect(remote.dispatched == [Kit.key("over-tcp")])
        #expect(events.all.contains { if case .started(let s) = $0 { s.workerID == "remote" } else { false } })
        #expect(local.dispatched.isEmpty)
        await remote.close()
        await local.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("bind refuses a configuration whose heartbeat timeout is not above its interval, naming the fields")
    func badConfiguration() async throws {
        let loop = MessageLoop(name: "exec-bad-config")
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 0, timeoutMs: 0)
        let executor = WorkerExecutor(loop: loop, configuration: configuration, logger: ExecutorLogCapture().logger)
        do {
            _ = try await executor.bind("inproc://bad-config")
            Issue.record("bind accepted an invalid configuration")
        } catch let error as ExecutorConfigurationError {
            #expect(error.problems.count == 2)
            #expect(error.description.contains("heartbeat.intervalMs is 0"))
            #expect(error.description.contains("heartbeat.timeoutMs 0 is not above heartbeat.intervalMs 0"))
        }
        await loop.shutdown()
    }

    @Test("bind names the endpoint it cannot use")
    func badEndpoint() async throws {
        let loop = MessageLoop(name: "exec-bad-endpoint")
        let executor = WorkerExecutor(loop: loop, logger: ExecutorLogCapture().logger)
        await #expect(throws: (any Error).self) { _ = try await executor.bind("nonsense://x") }
        do {
            _ = try await executor.bind("nonsense://x")
        } catch {
            #expect("\(error)".contains("nonsense://x"))
        }
        await loop.shutdown()
    }
}
