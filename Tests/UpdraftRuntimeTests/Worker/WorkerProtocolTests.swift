import Foundation
import Logging
import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("Worker protocol: hello, heartbeats, capacity, drain, reconnect", .serialized)
struct WorkerProtocolTests {
    @Test("hello carries id, queues, capacity, versions, hostname and pid", arguments: ["inproc://hello", "tcp://127.0.0.1:*"])
    func hello(endpoint: String) async throws {
        let h = try await WorkerHarness.start(endpoint: endpoint, concurrency: 3) { $0.queues = ["default", "gpu"] }
        let hello = try await h.executor.welcome()
        #expect(hello.workerID == h.worker.configuration.workerId)
        #expect(hello.queues == ["default", "gpu"])
        #expect(hello.capacity == 3)
        #expect(hello.minProtocolVersion == 1)
        // Version 2 (batches) over tcp and ipc; an in-process link has nothing to save with them.
        #expect(hello.maxProtocolVersion == (endpoint.hasPrefix("inproc://") ? 1 : 2))
        #expect(hello.pid == UInt32(getpid()))
        #expect(!hello.hostname.isEmpty)
        #expect(h.executor.workerPeer == PeerID(hello.workerID))
        // And a task round trip over this transport.
        let dispatch = WorkerDispatches.bash("echo", "echo 42")
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .success)
        #expect(finished.xcomOutputs.first?.json == Data("42".utf8))
        await h.stop()
    }

    @Test("empty and updraft.noop finish at once through the worker")
    func emptyAndNoop() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let empty = WireTaskDispatch.with { $0.key = WorkerDispatches.key("empty"); $0.kind = .empty }
        let noop = WorkerDispatches.swift("noop", callable: "updraft.noop")
        try await h.executor.send(.taskDispatch(empty))
        try await h.executor.send(.taskDispatch(noop))
        #expect(try await h.executor.finished(empty.key).state == .success)
        #expect(try await h.executor.finished(noop.key).state == .success)
        #expect(try await h.executor.started(noop.key).pid == 0)
        await h.stop()
    }

    @Test("never more than `concurrency` tries at once; extra dispatches are ignored")
    func concurrencyLimit() async throws {
        let h = try await WorkerHarness.start(concurrency: 2)
        try await h.executor.welcome()
        let dispatches = (0..<4).map { WorkerDispatches.bash("t\($0)", "sleep 0.5") }
        for dispatch in dispatches { try await h.executor.send(.taskDispatch(dispatch)) }
        // The same try again, and another try of a running task instance: ignored too.
        try await h.executor.send(.taskDispatch(dispatches[0]))
        _ = try await h.executor.finished(dispatches[0].key)
        _ = try await h.executor.finished(dispatches[1].key)
        try await Task.sleep(for: .milliseconds(300))
        let messages = h.executor.messages
        let startedKeys = messages.compactMap { if case .taskStarted(let s) = $0 { s.key.taskID } else { nil } }
        #expect(startedKeys.sorted() == ["t0", "t1"])
        // Replay the stream of started/finished: at most 2 running at any point.
        var runningNow = 0
        var peak = 0
        for message in messages {
            if case .taskStarted = message { runningNow += 1; peak = max(peak, runningNow) }
            if case .taskFinished = message { runningNow -= 1 }
        }
        #expect(peak == 2)
        // Slots are free again: the next dispatch runs.
        let later = WorkerDispatches.bash("later", "true")
        try await h.executor.send(.taskDispatch(later))
        #expect(try await h.executor.finished(later.key).state == .success)
        await h.stop()
    }

    @Test("heartbeats list the running keys")
    func heartbeatListsRunning() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome(intervalMs: 100, timeoutMs: 5000)
        let dispatch = WorkerDispatches.bash("long", "sleep 30")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.started(dispatch.key)
        let beat = try await h.executor.waitFor("a heartbeat listing the running try") { messages in
            messages.lazy.compactMap { if case .heartbeat(let b) = $0, b.running.contains(dispatch.key) { b } else { nil } }.first
        }
        #expect(beat.busySlots == 1)
        #expect(beat.senderID == h.worker.configuration.workerId)
        let sequences = h.executor.messages.compactMap { if case .heartbeat(let b) = $0 { b.sequence } else { nil } }
        #expect(sequences == sequences.sorted())
        #expect(Set(sequences).count == sequences.count)
        await h.stop()
    }

    @Test("worker_shutdown cancels running tries (reported failed), says goodbye, and run() returns")
    func shutdown() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("victim", "sleep 30")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.started(dispatch.key)
        try await h.executor.send(.workerShutdown(.with { $0.reason = "maintenance" }))
        try await h.running.value
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "cancelled: worker shutdown: maintenance")
        let goodbye = try await h.executor.waitFor("goodbye") { messages in
            messages.lazy.compactMap { if case .workerGoodbye(let g) = $0 { g } else { nil } }.first
        }
        #expect(goodbye.workerID == h.worker.configuration.workerId)
        await h.executor.close()
        await h.loop.shutdown()
    }

    @Test("worker_drain lets running tries finish, ignores new dispatches, then says goodbye")
    func drain() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("finishing", "sleep 0.5; echo finished")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.started(dispatch.key)
        try await h.executor.send(.workerDrain(.with { $0.reason = "scale down" }))
        let late = WorkerDispatches.bash("late", "true")
        try await h.executor.send(.taskDispatch(late))
        try await h.running.value
        #expect(try await h.executor.finished(dispatch.key).state == .success)
        #expect(!h.executor.messages.contains { if case .taskStarted(let s) = $0 { s.key == late.key } else { false } })
        let goodbye = try await h.executor.waitFor("goodbye") { messages in
            messages.lazy.compactMap { if case .workerGoodbye(let g) = $0 { g } else { nil } }.first
        }
        #expect(goodbye.reason == "drained: scale down")
        let last = h.executor.messages.last
        if case .workerGoodbye = last {} else {
            Issue.record("the last message is \(String(describing: last?.kind.name)), not worker_goodbye")
        }
        await h.executor.close()
        await h.loop.shutdown()
    }

    @Test("a drain timeout cancels what still runs, then goodbye")
    func drainTimeout() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("stuck", "sleep 30")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.started(dispatch.key)
        try await h.executor.send(.workerDrain(.with { $0.reason = "deploy"; $0.timeoutMs = 200 }))
        try await h.running.value
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "cancelled: drain timeout (200 ms) exceeded")
        _ = try await h.executor.waitFor("goodbye") { messages in
            messages.lazy.compactMap { if case .workerGoodbye(let g) = $0 { g } else { nil } }.first
        }
        if case .workerGoodbye = h.executor.messages.last {} else { Issue.record("the goodbye is not the last message") }
        await h.executor.close()
        await h.loop.shutdown()
    }

    @Test("stop(graceful: true) lets the running try succeed before the goodbye")
    func gracefulStop() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("almost", "sleep 0.3; echo ok")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.started(dispatch.key)
        await h.worker.stop(graceful: true)
        try await h.running.value
        #expect(try await h.executor.finished(dispatch.key).state == .success)
        let goodbye = try await h.executor.waitFor("goodbye") { messages in
            messages.lazy.compactMap { if case .workerGoodbye(let g) = $0 { g } else { nil } }.first
        }
        #expect(goodbye.reason == "stopping: finishing running tries")
        await h.executor.close()
        await h.loop.shutdown()
    }

    @Test("cancelling the task that runs the worker kills its tries, reports them, says goodbye")
    func cancelRunTask() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("cancelled-with-run", "sleep 30")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.started(dispatch.key)
        h.running.cancel()
        try await h.running.value
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.errorMessage == "cancelled: worker stopping")
        _ = try await h.executor.waitFor("goodbye") { messages in
            messages.lazy.compactMap { if case .workerGoodbye(let g) = $0 { g } else { nil } }.first
        }
        await h.executor.close()
        await h.loop.shutdown()
    }

    @Test("a worker started before its executor says hello once the executor binds")
    func workerFirst() async throws {
        let loop = MessageLoop(name: "worker-first")
        // Learn a free port, then release it.
        let probe = try await WorkerTestExecutor(loop: loop, endpoint: "tcp://127.0.0.1:*")
        let address = await probe.endpoint
        await probe.close()
        var logger = Logger(label: "test.worker")
        logger.logLevel = .critical
        let worker = Worker(
            configuration: WorkerConfiguration(endpoint: address, workerId: "early-bird"), loop: loop,
            swiftTasks: SwiftTaskRegistry(), logger: logger)
        let running = Task { try await worker.run() }
        try await Task.sleep(for: .milliseconds(300))
        let executor = try await WorkerTestExecutor.bindRetrying(loop: loop, endpoint: address)
        let hello = try await executor.welcome()
        #expect(hello.workerID == "early-bird")
        await worker.stop(graceful: true)
        try await running.value
        await executor.close()
        await loop.shutdown()
    }

    @Test("not_registered makes the worker say hello again on the same connection")
    func helloAgainWhenNotRegistered() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        try await h.executor.send(.workerReject(.with { $0.code = .notRegistered; $0.message = "who are you?" }))
        let hello = try await h.executor.welcome(nth: 2)
        #expect(hello.workerID == h.worker.configuration.workerId)
        // The welcome is answered at once with a heartbeat: the worker is registered again.
        _ = try await h.executor.waitFor("a heartbeat after the second hello") { messages -> Bool? in
            let hellos = messages.indices.filter { index in
                if case .workerHello = messages[index] { true } else { false }
            }
            guard hellos.count >= 2 else { return nil }
            return messages[hellos[1]...].contains { message in if case .heartbeat = message { true } else { false } } ? true : nil
        }
        #expect(await h.worker.isRegistered)
        await h.stop()
    }

    @Test("after not_registered and a new welcome, results sent before go again, ahead of the first heartbeat")
    func resultsSentAgainAfterReregistering() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("ended-before-restart", "echo done")
        try await h.executor.send(.taskDispatch(dispatch))
        #expect(try await h.executor.finished(dispatch.key).state == .success)
        // A restarted executor: it does not know the worker, which must say hello again.
        try await h.executor.send(.workerReject(.with { $0.code = .notRegistered; $0.message = "restarted" }))
        try await h.executor.welcome(nth: 2)
        let order = try await h.executor.waitFor("the result again, then a heartbeat, after the second hello") { messages -> [String]? in
            guard let second = messages.indices.filter({ if case .workerHello = messages[$0] { true } else { false } }).dropFirst().first
            else { return nil }
            let after = messages[(second + 1)...].compactMap { message -> String? in
                switch message {
                case .taskFinished(let f) where f.key == dispatch.key: "finished"
                case .heartbeat: "heartbeat"
                default: nil
                }
            }
            return after.contains("heartbeat") ? after : nil
        }
        #expect(order.first == "finished", "after the second hello: \(order)")
        await h.stop()
    }

    @Test("unsupported_version is fatal: run() throws, naming the code")
    func rejectedVersion() async throws {
        let h = try await WorkerHarness.start()
        _ = try await h.executor.waitFor("hello") { messages in
            messages.first { message in if case .workerHello = message { true } else { false } }
        }
        try await h.executor.send(.workerReject(.with {
            $0.code = .unsupportedVersion
            $0.message = "no common version"
            $0.minProtocolVersion = 2
            $0.maxProtocolVersion = 3
        }))
        do {
            try await h.running.value
            Issue.record("run() returned without an error")
        } catch let error as WorkerError {
            #expect(error.code == .rejected)
            #expect(error.message.contains("no common version"))
            #expect(error.message.contains("2...3"))
        }
        await h.executor.close()
        await h.loop.shutdown()
    }

    @Test("after the executor goes away and a new one binds the endpoint, the worker says hello again",
          arguments: ["inproc://reconnect", "tcp://127.0.0.1:*"])
    func reconnect(endpoint: String) async throws {
        let h = try await WorkerHarness.start(endpoint: endpoint)
        try await h.executor.welcome(intervalMs: 50, timeoutMs: 300)
        let dispatch = WorkerDispatches.bash("orphan", "sleep 30")
        try await h.executor.send(.taskDispatch(dispatch))
        let started = try await h.executor.started(dispatch.key)
        let address = await h.executor.endpoint
        await h.executor.close()
        let second = try await WorkerTestExecutor.bindRetrying(loop: h.loop, endpoint: address)
        let hello = try await second.welcome(intervalMs: 50, timeoutMs: 5000)
        #expect(hello.workerID == h.worker.configuration.workerId)
        // The try was killed when the executor went silent, and its result dropped.
        _ = try await second.waitFor("the orphaned try to be killed", timeout: .seconds(60)) { _ in
            processIsAlive(Int32(started.pid)) ? nil : true
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(!second.messages.contains { if case .taskFinished = $0 { true } else { false } })
        // The new connection works.
        let next = WorkerDispatches.bash("after", "echo again")
        try await second.send(.taskDispatch(next))
        #expect(try await second.finished(next.key).state == .success)
        await h.worker.stop(graceful: false)
        _ = await h.running.result
        await second.close()
        await h.loop.shutdown()
    }
}
