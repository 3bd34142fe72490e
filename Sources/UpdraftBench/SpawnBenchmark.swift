import Foundation
import Histogram
import Logging
import Synchronization
import UpdraftProtocol
import UpdraftRuntime
import UpdraftWire

/// The figures of one `updraft bench spawn` run.
public struct SpawnBenchReport: Sendable, Codable {
    /// Cold starts measured.
    public var runs: Int
    /// From a try submitted with zero workers to its `task_started` at the executor, median.
    public var spawn_to_running_p50_ms: Double
    /// Same, 90th percentile.
    public var spawn_to_running_p90_ms: Double
    /// Same, fastest and slowest.
    public var spawn_to_running_min_ms: Double
    public var spawn_to_running_max_ms: Double
    /// Whether every try ran and succeeded, and every worker was retired between runs.
    public var all_succeeded: Bool
    /// The transport spawned workers used.
    public var endpoint: String
    /// The binary started as `worker`.
    public var executable: String

    /// A text summary.
    public var text: String {
        """
        spawn → running over \(runs) cold starts (local spawner, \(endpoint.hasPrefix("ipc") ? "ipc" : "tcp")):
          p50 \(Self.ms(spawn_to_running_p50_ms))  p90 \(Self.ms(spawn_to_running_p90_ms))  min \(Self.ms(spawn_to_running_min_ms))  max \(Self.ms(spawn_to_running_max_ms))
          all succeeded: \(all_succeeded)
        """
    }

    static func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }
}

/// `updraft bench spawn`: with zero workers, submit one `updraft.noop` try and time it
/// until its worker — started by the autoscaler's local spawner as a child process —
/// reports it started; let the autoscaler retire the worker (idle timeout 0) and wait for
/// the process to exit; repeat. Each run is a cold start: a new process, a new connection.
public enum SpawnBenchmark {
    /// Runs `runs` cold starts of `executable worker ...` over `transport` ("tcp" or "ipc").
    public static func run(runs: Int, executable: String, transport: String = "tcp") async throws -> SpawnBenchReport {
        let loop = MessageLoop(name: "bench-spawn")
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 500, timeoutMs: 3000)
        var logger = Logger(label: "updraft.bench.spawn")
        logger.logLevel = .warning
        let executor = WorkerExecutor(loop: loop, configuration: configuration, logger: logger)
        let endpoint: String
        if transport == "ipc" {
            endpoint = try await executor.bind("ipc://\(NSTemporaryDirectory())updraft-bench-spawn-\(getpid())")
        } else {
            endpoint = try await executor.bind("tcp://127.0.0.1:0")
        }
        await executor.start()
        let times = Mutex<[String: ContinuousClock.Instant]>([:])
        let outcomes = Mutex<[String: WireTaskState]>([:])
        let reader = Task {
            for await event in executor.events {
                switch event {
                case .started(let started): times.withLock { $0[started.key.taskID] = .now }
                case .finished(let finished): outcomes.withLock { $0[finished.key.taskID] = finished.state }
                default: break
                }
            }
        }
        var policy = QueueScaling(queue: "default", minWorkers: 0, maxWorkers: 1, workerConcurrency: 1, idleTimeout: .zero)
        policy.registrationDeadline = .seconds(20)
        let autoscaler = try Autoscaler(
            executor: executor, endpoint: endpoint, spawner: LocalWorkerSpawner(executable: executable),
            configuration: AutoscalerConfiguration(queues: [policy], tickInterval: .milliseconds(2), workerIDPrefix: "bench"),
            logger: logger)
        await autoscaler.start()

        var histogram = ExecutorLatencies.histogram()
        var samples: [Double] = []
        var allSucceeded = true
        for index in 0..<runs {
            let taskID = "noop\(index)"
            var dispatch = WireTaskDispatch()
            dispatch.key.dagID = "bench_spawn"
            dispatch.key.runID = "bench"
            dispatch.key.taskID = taskID
            dispatch.key.mapIndex = -1
            dispatch.key.tryNumber = 1
            dispatch.kind = .swiftClosure
            dispatch.callable = SwiftTaskRegistry.noopCallable
            dispatch.queue = "default"
            let submitted = ContinuousClock.now
            await executor.submit([TaskWork(dispatch: dispatch, priority: 1)])
            let deadline = submitted + .seconds(30)
            while outcomes.withLock({ $0[taskID] }) == nil && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            guard let started = times.withLock({ $0[taskID] }), outcomes.withLock({ $0[taskID] }) == .success else {
                allSucceeded = false
                break
            }
            let elapsed = started - submitted
            samples.append(Double(elapsed / .microseconds(1)) / 1000)
            _ = histogram.record(UInt64(max(0, elapsed / .microseconds(1))))
            // Wait until the worker is retired and gone: the next run starts cold.
            let gone = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < gone {
                let alive = await autoscaler.spawnedWorkerIDs()
                if alive.isEmpty, await executor.workers().isEmpty { break }
                try await Task.sleep(for: .milliseconds(2))
            }
            if !(await autoscaler.spawnedWorkerIDs().isEmpty) { allSucceeded = false }
        }
        await executor.shutdown(drainTimeout: .seconds(1))
        await autoscaler.stop(grace: .seconds(2))
        await reader.value
        await loop.shutdown()
        let sorted = samples.sorted()
        return SpawnBenchReport(
            runs: samples.count,
            spawn_to_running_p50_ms: Double(histogram.valueAtPercentile(50)) / 1000,
            spawn_to_running_p90_ms: Double(histogram.valueAtPercentile(90)) / 1000,
            spawn_to_running_min_ms: sorted.first ?? 0, spawn_to_running_max_ms: sorted.last ?? 0,
            all_succeeded: allSucceeded && samples.count == runs, endpoint: endpoint, executable: executable)
    }
}
