import Foundation
import Logging
import Synchronization
import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// An executor on tcp://127.0.0.1 with short heartbeats, an autoscaler spawning real
/// `updraft worker` processes (the binary built next to this test bundle), and a record of
/// the executor's events and of the most workers ever registered at once.
final class AutoscaleHarness: Sendable {
    let loop: MessageLoop
    let executor: WorkerExecutor
    let autoscaler: Autoscaler
    let endpoint: String
    let events = Mutex<[ExecutorEvent]>([])
    let maxWorkersSeen = Mutex(0)
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// The `updraft` binary next to the test bundle (`swift build --build-tests` builds it).
    static var updraftBinary: String {
        let bundleFolder = URL(fileURLWithPath: CurrentExecutable.path).deletingLastPathComponent()
        var candidates = [bundleFolder.appendingPathComponent("updraft").path]
        if let argv0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argv0).deletingLastPathComponent().appendingPathComponent("updraft").path)
            // .../debug/UpdraftPackageTests.xctest is a file or a bundle folder.
            candidates.append(URL(fileURLWithPath: argv0).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("updraft").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// `heartbeat`: interval and timeout in ms; the default tolerates a loaded machine (a
    /// worker is declared lost after 10 s of silence: the whole suite on 2 cores starves a
    /// spawned worker process for more than 3 s at times).
    init(queues: [QueueScaling], spawner: (any WorkerSpawner)? = nil, heartbeat: (UInt32, UInt32) = (300, 10_000)) async throws {
        loop = MessageLoop(name: "autoscale-test")
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: heartbeat.0, timeoutMs: heartbeat.1)
        configuration.fenceDuration = .milliseconds(Int(heartbeat.1))
        executor = WorkerExecutor(loop: loop, configuration: configuration, logger: Logger(label: "test.executor"))
        endpoint = try await executor.bind("tcp://127.0.0.1:0")
        await executor.start()
        let binary = Self.updraftBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the updraft binary first: \(binary)")
        autoscaler = try Autoscaler(
            executor: executor, endpoint: endpoint, spawner: spawner ?? LocalWorkerSpawner(executable: binary),
            configuration: AutoscalerConfiguration(queues: queues), logger: Logger(label: "test.autoscaler"))
        let reader = Task { [self] in
            for await event in executor.events { events.withLock { $0.append(event) } }
        }
        let sampler = Task { [self] in
            while !Task.isCancelled {
                let count = await executor.workers().count
                maxWorkersSeen.withLock { $0 = max($0, count) }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        tasks.withLock { $0 = [reader, sampler] }
        await autoscaler.start()
    }

    /// A bash try of `task` on `queue`.
    static func bash(_ task: String, _ command: String, queue: String = "default", tryNumber: UInt32 = 1) -> TaskWork {
        var dispatch = WireTaskDispatch()
        dispatch.key.dagID = "autoscale"
        dispatch.key.runID = "run1"
        dispatch.key.taskID = task
        dispatch.key.mapIndex = -1
        dispatch.key.tryNumber = tryNumber
        dispatch.kind = .bash
        dispatch.command = command
        dispatch.queue = queue
        return TaskWork(dispatch: dispatch, priority: 1)
    }

    /// Final states by task id (latest try).
    var finished: [String: WireTaskFinished] {
        var result: [String: WireTaskFinished] = [:]
        for case .finished(let finished) in events.withLock({ $0 }) { result[finished.key.taskID] = finished }
        return result
    }

    /// Started messages by task id and try.
    var started: [WireTaskStarted] {
        events.withLock { $0 }.compactMap { if case .started(let s) = $0 { s } else { nil } }
    }

    /// Polls `condition` every 10 ms until it holds or `seconds` pass.
    func eventually(_ seconds: Double, _ condition: @Sendable () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    func shutdown() async {
        await executor.shutdown(drainTimeout: .seconds(2))
        await autoscaler.stop(grace: .seconds(3))
        for task in tasks.withLock({ $0 }) { task.cancel() }
        await loop.shutdown()
    }
}
