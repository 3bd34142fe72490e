import Foundation
import Histogram
import Logging
import Synchronization
import UpdraftCore
import UpdraftProtocol
import UpdraftRuntime
import UpdraftStore
import UpdraftWire

/// `updraft bench sensor`: N pairs of DAGs in one in-process runtime (SQLite store in a temp
/// home, scheduler, executor ROUTER and one worker over inproc, event bus). Pair i is
/// `bench_up_i` (bash `true`) and `bench_down_i` (an `external_task` sensor on
/// `bench_up_i.a`, then bash `true`).
///
/// 1. every downstream run is triggered; once all sensors are `up_for_reschedule`, the
///    executor's busy slots are read (waiting sensors must hold none);
/// 2. the upstream runs are triggered one at a time, each after the previous sensor
///    succeeded, so every latency is measured on an idle runtime;
/// 3. reaction = the sensor's success event received − the upstream try's end date (as the
///    worker reported it and the store recorded it).
public enum SensorBench {
    /// Runs the benchmark with `pairs` pairs.
    public static func run(pairs: Int, logger: Logger) async throws -> SensorBenchReport {
        let began = Date()
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-bench-sensor-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: home.root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home.root) }
        let store = try await StoreLocation.sqlite(path: home.databasePath).open()

        var dags: [Dag] = []
        for i in 0..<pairs {
            dags.append(Dag(dagId: "bench_up_\(i)", tasks: [TaskSpec(taskId: "a", kind: .bash(BashCommand(command: "true")))]))
            let spec = SensorSpec(kind: .externalTask(ExternalTaskTarget(externalDagId: "bench_up_\(i)", externalTaskIds: ["a"],
                                                                           failedStates: [.failed, .upstreamFailed])))
            dags.append(Dag(dagId: "bench_down_\(i)", tasks: [
                TaskSpec(taskId: "wait", kind: .sensor(spec)),
                TaskSpec(taskId: "b", kind: .bash(BashCommand(command: "true")), upstreamIds: ["wait"]),
            ]))
        }

        let loop = MessageLoop(name: "bench-sensor")
        let tag = UUID().uuidString
        let events = try await EventPublisher(loop: loop, endpoints: ["inproc://bench-sensor-events-\(tag)"], logger: logger)
        let executor = WorkerExecutor(loop: loop, logger: logger)
        let executorEndpoint = try await executor.bind("inproc://bench-sensor-executor-\(tag)")
        await executor.start()
        let worker = Worker(configuration: WorkerConfiguration(endpoint: executorEndpoint, workerId: "bench-worker", concurrency: 4),
                            loop: loop, swiftTasks: SwiftTaskRegistry(), logger: logger)
        let workerTask = Task { try await worker.run() }
        var configuration = SchedulerConfiguration()
        configuration.retentionMaxAge = nil
        let scheduler = Scheduler(store: store, executor: executor, dags: DagProvider(folder: nil, extraDags: dags),
                                  home: home, events: events, configuration: configuration, logger: logger)
        try await scheduler.prepare()
        let schedulerTask = Task { try await scheduler.run() }

        let seen = EventLedger()
        let listener = await events.subscribe()
        let listenerTask = Task {
            for await event in listener { seen.record(event, at: Date()) }
        }
        defer { listenerTask.cancel() }

        func shutdown() async {
            await scheduler.stop()
            _ = try? await schedulerTask.value
            await worker.stop(graceful: false)
            _ = try? await workerTask.value
            await executor.shutdown(drainTimeout: .seconds(1))
            await events.close()
            await loop.shutdown()
        }

        do {
            // The worker registers.
            guard await waitUntil(seconds: 30, { await !executor.workers().isEmpty }) else {
                throw BenchSensorError("the in-process worker did not register with the executor")
            }
            let logical = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
            var downRuns: [String] = []
            for i in 0..<pairs {
                downRuns.append(try await scheduler.trigger(dagId: "bench_down_\(i)", logicalDate: logical).runId)
            }
            guard await waitUntil(seconds: 60, { seen.waitingCount >= pairs }) else {
                throw BenchSensorError("only \(seen.waitingCount) of \(pairs) sensors reached up_for_reschedule")
            }
            let waitingAtOnce = seen.waitingCount
            let held = await executor.workers().reduce(0) { $0 + $1.busySlots } + (await executor.runningKeys().count)

            var reaction = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            var eventToSuccess = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            var upRuns: [String] = []
            var allSucceeded = true
            for i in 0..<pairs {
                let up = try await scheduler.trigger(dagId: "bench_up_\(i)", logicalDate: logical)
                upRuns.append(up.runId)
                guard await waitUntil(seconds: 30, { seen.sensorDone["bench_down_\(i)"] != nil }) else {
                    throw BenchSensorError("the sensor of bench_down_\(i) did not finish within 30 s of its upstream")
                }
                let (sensorState, sensorAt) = seen.sensorDone["bench_down_\(i)"]!
                if sensorState != .success { allSucceeded = false; continue }
                let upRow = try await store.taskInstances(dagId: "bench_up_\(i)", runId: up.runId).first { $0.id.taskId == "a" }
                if let end = upRow?.endDate {
                    _ = reaction.record(UInt64(max(0, sensorAt.timeIntervalSince(end)) * 1_000_000))
                }
                if let upAt = seen.upstreamDone["bench_up_\(i)"] {
                    _ = eventToSuccess.record(UInt64(max(0, sensorAt.timeIntervalSince(upAt)) * 1_000_000))
                }
            }
            for i in 0..<pairs {
                let upState = try await scheduler.waitForRun(dagId: "bench_up_\(i)", runId: upRuns[i])
                let downState = try await scheduler.waitForRun(dagId: "bench_down_\(i)", runId: downRuns[i])
                if upState != .success || downState != .success { allSucceeded = false }
            }
            await shutdown()
            func ms(_ h: Histogram<UInt64>, _ p: Double) -> Double { Double(h.valueAtPercentile(p)) / 1000 }
            return SensorBenchReport(
                pairs: pairs, reactionP50Ms: ms(reaction, 50), reactionP99Ms: ms(reaction, 99), reactionMaxMs: Double(reaction.max) / 1000,
                eventToSuccessP50Ms: ms(eventToSuccess, 50), eventToSuccessP99Ms: ms(eventToSuccess, 99),
                workerSlotsHeld: held, sensorsWaiting: waitingAtOnce, allSucceeded: allSucceeded,
                seconds: Date().timeIntervalSince(began))
        } catch {
            await shutdown()
            throw error
        }
    }

    /// Polls `condition` every millisecond for up to `seconds`.
    static func waitUntil(seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return await condition()
    }
}

/// Receipt times of the events the benchmark waits for.
final class EventLedger: Sendable {
    private struct State {
        var waiting = Set<String>()
        var sensorDone: [String: (TaskInstanceState, Date)] = [:]
        var upstreamDone: [String: Date] = [:]
    }
    private let state = Mutex(State())

    func record(_ e: WireStateChangeEvent, at now: Date) {
        guard e.entity == .taskInstance, let to = TaskInstanceState(wire: e.newTaskState) else { return }
        state.withLock { s in
            if e.taskID == "wait" {
                if to == .upForReschedule { s.waiting.insert(e.dagID) }
                if to.isFinished, s.sensorDone[e.dagID] == nil { s.sensorDone[e.dagID] = (to, now) }
            } else if e.taskID == "a", to == .success, s.upstreamDone[e.dagID] == nil {
                s.upstreamDone[e.dagID] = now
            }
        }
    }

    var waitingCount: Int { state.withLock { $0.waiting.count } }
    var sensorDone: [String: (TaskInstanceState, Date)] { state.withLock { $0.sensorDone } }
    var upstreamDone: [String: Date] { state.withLock { $0.upstreamDone } }
}

/// Why the sensor benchmark could not finish.
public struct BenchSensorError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}
