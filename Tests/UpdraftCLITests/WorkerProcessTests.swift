import Foundation
import Logging
import Synchronization
import Testing
import UpdraftProtocol
import UpdraftRuntime
import UpdraftWire

/// `updraft worker` as a real process against the real executor over tcp.
@Suite("updraft worker process", .serialized)
struct WorkerProcessTests {
    final class Events: Sendable {
        let all = Mutex<[ExecutorEvent]>([])
        func finished(_ taskId: String) -> WireTaskFinished? {
            all.withLock { $0.lazy.compactMap { if case .finished(let f) = $0, f.key.taskID == taskId { f } else { nil } }.first }
        }
        func started(_ taskId: String) -> Bool {
            all.withLock { $0.contains { if case .started(let s) = $0 { s.key.taskID == taskId } else { false } } }
        }
    }

    static func waitUntil(_ what: String, timeout: Duration = .seconds(30), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "timed out waiting for \(what)"]) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func dispatch(_ taskId: String, _ command: String) -> TaskWork {
        TaskWork(dispatch: .with {
            $0.key = .with { $0.dagID = "cli"; $0.runID = "manual__1"; $0.taskID = taskId; $0.mapIndex = -1; $0.tryNumber = 1 }
            $0.kind = .bash
            $0.command = command
            $0.queue = "default"
        }, priority: 1)
    }

    @Test("runs a try for the executor; first SIGTERM waits for running tries, the second kills them; exit 0")
    func runAndStopOnSignals() async throws {
        let loop = MessageLoop(name: "cli-worker-test")
        var logger = Logger(label: "test.cli-worker")
        logger.logLevel = .critical
        // Not about liveness: a 5 s heartbeat timeout was outlasted on a loaded machine (the
        // executor declared the worker lost, or the worker the executor, mid-test).
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 1000, timeoutMs: 30_000)
        let executor = WorkerExecutor(loop: loop, configuration: configuration, logger: logger)
        let endpoint = try await executor.bind("tcp://127.0.0.1:0")
        await executor.start()
        let events = Events()
        let reader = Task { for await event in executor.events { events.all.withLock { $0.append(event) } } }

        let process = Process()
        process.executableURL = UpdraftBinaryTests.binary
        // This executor serves plaintext (no ZAP handler, no keys): say so.
        process.arguments = ["worker", "--connect", endpoint, "--id", "cli-worker", "--concurrency", "2", "--insecure-plaintext"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        await executor.submit([Self.dispatch("hello", "echo from-process"), Self.dispatch("long", "sleep 60")])
        try await Self.waitUntil("hello to finish") { events.finished("hello") != nil }
        #expect(events.finished("hello")?.state == .success)
        #expect(events.finished("hello")?.xcomOutputs.first?.json == Data(#""from-process""#.utf8))
        try await Self.waitUntil("long to start") { events.started("long") }

        process.terminate()  // graceful: waits for "long"
        try await Task.sleep(for: .milliseconds(300))
        #expect(events.finished("long") == nil)
        process.terminate()  // second signal: kill it
        try await Self.waitUntil("the worker process to exit") { !process.isRunning }
        #expect(process.terminationStatus == 0)
        try await Self.waitUntil("long to be reported") { events.finished("long") != nil }
        #expect(events.finished("long")?.state == .failed)
        #expect(events.finished("long")?.errorMessage == "cancelled: worker stopping")

        await executor.shutdown(drainTimeout: .milliseconds(100))
        _ = await reader.value
        await loop.shutdown()
    }

    @Test("a worker whose key the executor does not allow says so on stderr, naming the endpoint, and gets no work")
    func refusedKeySaysWhy() async throws {
        let loop = MessageLoop(name: "cli-worker-curve-test")
        var logger = Logger(label: "test.cli-worker")
        logger.logLevel = .critical
        let serverKeys = try CurveKeyPair.generate()
        let zap = try ZAPHandler(context: loop.context, authorizer: CurveAllowList(), logger: logger)
        var configuration = ExecutorConfiguration()
        configuration.curve = .server(serverKeys, zapDomain: "executor")
        let executor = WorkerExecutor(loop: loop, configuration: configuration, logger: logger)
        let endpoint = try await executor.bind("tcp://127.0.0.1:0")
        await executor.start()
        let dir = try CLIPaths.temporaryFolder()
        try CurveKeyFile.write(try CurveKeyPair.generate(), directory: dir, name: "stranger")
        try CurveKeyFile.writePublicKey(serverKeys.publicKey, to: dir + "/scheduler.pub")
        let errPath = dir + "/err.log"
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = UpdraftBinaryTests.binary
        process.arguments = ["worker", "--connect", endpoint, "--id", "stranger",
                             "--server-key", dir + "/scheduler.pub", "--key", dir + "/stranger.key"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        let expected = "\(endpoint) refused this client's CURVE key (ZAP status 400)"
        let said = { (try? String(contentsOfFile: errPath, encoding: .utf8))?.contains(expected) == true }
        try await Self.waitUntil("the refusal on stderr", said)
        #expect(await executor.workers().isEmpty)
        process.interrupt()
        try await Self.waitUntil("the worker to exit") { !process.isRunning }
        await executor.shutdown(drainTimeout: .zero)
        await zap.stop()
        await loop.shutdown()
    }
}
