import Foundation
import Logging
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft bench notify`: how long a callback takes from a task's end to the webhook's
/// arrival. `runs` DAG runs, one after the other, of a one-task DAG (a noop Swift task on an
/// in-process worker) whose `on_success_callback` posts the default JSON body to a
/// ``WebhookReceiver`` on loopback; latency = arrival time − the task instance's end date
/// (as stored, from the worker's clock: same machine).
public enum NotifyBenchmark {
    /// The DAG id of the generated DAG.
    public static let dagId = "updraft_bench_notify"

    /// Runs the benchmark in a fresh temporary home (removed afterwards).
    public static func run(runs: Int) async throws -> NotifyBenchReport {
        let receiver = try await WebhookReceiver.start()
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-bench-notify-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let home = UpdraftHome.resolve(explicit: root.path)
        var dag = RunBenchDag.make(tasks: 1, shape: .chain, kind: .noop)
        dag.dagId = dagId
        dag.maxActiveRuns = max(16, runs)
        dag.tasks[0].callbacks[.success] = [.webhook(WebhookNotifier(target: .url(receiver.url)))]
        let options = StandaloneOptions(
            home: home, dagsFolder: nil, extraDags: [dag], swiftTasks: SwiftTaskRegistry.from(dags: [dag]),
            localWorkers: 1, workerConcurrency: 8, executorEndpoints: ["inproc://updraft-bench-notify"], eventsEndpoint: "", console: false)
        var logger = Logger(label: "updraft.bench-notify")
        logger.logLevel = .warning
        let runtime = StandaloneRuntime(options: options, logger: logger)
        _ = try await runtime.start()
        guard let scheduler = await runtime.scheduler else {
            await runtime.stop(graceful: false)
            await receiver.stop()
            throw BenchError("the runtime started without a scheduler")
        }
        var runIds: [String] = []
        let base = Date().timeIntervalSince1970.rounded(.down) - Double(runs)
        for i in 0..<runs {
            let run = try await scheduler.trigger(dagId: dagId, conf: [:], logicalDate: Date(timeIntervalSince1970: base + Double(i)),
                                                  runType: .manual)
            _ = try await scheduler.waitForRun(dagId: dagId, runId: run.runId)
            // One at a time: each delivery is measured on an idle path.
            _ = await receiver.waitFor(i + 1, limit: .seconds(15))
            runIds.append(run.runId)
        }
        await scheduler.waitForNotifications()
        let counts = scheduler.notifier.counters.snapshot
        let store = try await StoreLocation.sqlite(path: home.databasePath).open()
        var ends: [String: Date] = [:]
        for runId in runIds {
            if let end = try await store.taskInstances(dagId: dagId, runId: runId).first?.endDate { ends[runId] = end }
        }
        await runtime.stop(graceful: true)
        await receiver.stop()
        let samples = receiver.received.compactMap { a in ends[a.runId].map { a.at.timeIntervalSince($0) * 1000 } }.sorted()
        return NotifyBenchReport(runs: runs, received: samples.count, sent: counts.sent, failed: counts.failed,
                                 latencyP50Ms: percentile(samples, 50), latencyP99Ms: percentile(samples, 99),
                                 latencyMaxMs: samples.last ?? 0, latencyMinMs: samples.first ?? 0)
    }

    /// The `p`th percentile (nearest rank) of sorted `values`; 0 when empty.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(values.count)).rounded(.up)) - 1
        return values[min(max(0, rank), values.count - 1)]
    }
}

/// What `updraft bench notify` measured.
public struct NotifyBenchReport: Sendable, Codable, Equatable {
    /// DAG runs (one task, one webhook callback each).
    public var runs: Int
    /// Webhooks the receiver got for those runs.
    public var received: Int
    /// The dispatcher's counts.
    public var sent: Int
    public var failed: Int
    /// Task end → webhook received, milliseconds.
    public var latencyP50Ms: Double
    public var latencyP99Ms: Double
    public var latencyMaxMs: Double
    public var latencyMinMs: Double

    enum CodingKeys: String, CodingKey {
        case runs, received, sent, failed
        case latencyP50Ms = "latency_p50_ms", latencyP99Ms = "latency_p99_ms"
        case latencyMaxMs = "latency_max_ms", latencyMinMs = "latency_min_ms"
    }

    /// Lines for people.
    public var summary: String {
        """
        notify: \(runs) runs, \(received) webhooks received (sent \(sent), failed \(failed))
        task end → webhook received: p50 \(String(format: "%.2f", latencyP50Ms)) ms  p99 \(String(format: "%.2f", latencyP99Ms)) ms  \
        min \(String(format: "%.2f", latencyMinMs)) ms  max \(String(format: "%.2f", latencyMaxMs)) ms
        """
    }
}
