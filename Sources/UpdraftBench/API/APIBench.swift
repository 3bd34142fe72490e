import Foundation
import Logging
import Synchronization
import UpdraftCore
import UpdraftLoader
import UpdraftProtocol
import UpdraftRuntime
import UpdraftServer
import UpdraftStore
import UpdraftWire

/// `updraft bench api`: the HTTP API of a home with `dags` generated DAGs of `tasks` tasks and
/// `runs` finished runs each (written to the store directly), plus one 1,000-task run, served
/// by the same ``APIServer`` and event bus (an ``EventPublisher`` on tcp://127.0.0.1) that
/// `standalone` runs, with clients in this process over loopback on threads of their own.
public enum APIBench {
    public static func run(dags: Int = 100, tasks: Int = 20, runs: Int = 25, seconds: Double = 5, events: Int = 500,
                           taskInstanceRequests: Int = 100, logger: Logger) async throws -> APIBenchReport {
        let started = ContinuousClock.now
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-bench-api-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let home = UpdraftHome(root: root)
        try FileManager.default.createDirectory(at: home.dagsFolder, withIntermediateDirectories: true)
        let store = try await StoreLocation.sqlite(path: home.databasePath).open()
        try await seed(store: store, home: home, dags: dags, tasks: tasks, runs: runs)

        let host = try await BenchAPIHost.start(store: store, home: home, logger: logger)
        let port = host.port
        let bus = host.bus

        // DAG list: 2 keep-alive connections for `seconds`.
        _ = try await load(port: port, path: "/api/v1/dags", connections: 2, seconds: min(1, seconds))  // warm-up
        let (listCount, listLatencies, listElapsed) = try await load(port: port, path: "/api/v1/dags", connections: 2, seconds: seconds)
        // Task instances of the 1,000-task run.
        let tiPath = "/api/v1/dags/bench_big/dagRuns/big_run/taskInstances?limit=1000"
        let tiLatencies = try await OnThread.run { () -> [Double] in
            let connection = try BlockingHTTPConnection(port: port)
            var out: [Double] = []
            let warmUp = max(1, taskInstanceRequests / 5)
            for i in 0..<(warmUp + taskInstanceRequests) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let (status, _) = try connection.get(tiPath)
                guard status == 200 else { throw APIBenchError("GET \(tiPath): \(status)") }
                if i >= warmUp { out.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9) }
            }
            return out
        }
        // Event latency: commit a state, publish it (as the scheduler does), read it over SSE.
        let eventLatencies = try await eventLatency(port: port, store: store, bus: bus, count: events)

        await host.stop()
        return APIBenchReport(
            dags: dags, tasksPerDag: tasks, runsPerDag: runs,
            dagsListRps: Double(listCount) / listElapsed,
            dagsListP50Ms: APIBenchReport.quantileMs(listLatencies, 0.5),
            dagsListP99Ms: APIBenchReport.quantileMs(listLatencies, 0.99),
            taskInstancesP50Ms: APIBenchReport.quantileMs(tiLatencies, 0.5),
            taskInstancesP99Ms: APIBenchReport.quantileMs(tiLatencies, 0.99),
            eventLatencyP50Ms: APIBenchReport.quantileMs(eventLatencies, 0.5),
            eventLatencyP99Ms: APIBenchReport.quantileMs(eventLatencies, 0.99),
            events: eventLatencies.count,
            seconds: Double((ContinuousClock.now - started).components.seconds))
    }

    /// `connections` threads sending `GET path` back to back for `seconds`: requests done,
    /// each latency (seconds) and the elapsed time.
    static func load(port: Int, path: String, connections: Int, seconds: Double) async throws -> (Int, [Double], Double) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let results = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await OnThread.run {
                        let connection = try BlockingHTTPConnection(port: port)
                        let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
                        var latencies: [Double] = []
                        latencies.reserveCapacity(100_000)
                        while true {
                            let start = DispatchTime.now().uptimeNanoseconds
                            if start >= end { break }
                            let (status, _) = try connection.get(path)
                            guard status == 200 else { throw APIBenchError("GET \(path): \(status)") }
                            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                        }
                        return latencies
                    }
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        return (results.count, results, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    static func eventLatency(port: Int, store: any MetaStore, bus: EventPublisher, count: Int) async throws -> [Double] {
        let reader = try SSEReader(port: port, path: "/api/v1/events?dag_id=bench_dag_0")
        defer { reader.close() }
        let runId = "scheduled__run_0"
        var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: "bench_dag_0", runId: runId, taskId: "t0"), state: .success,
                                    tryNumber: 1, maxTries: 1)
        func event(_ from: TaskInstanceState, _ to: TaskInstanceState) -> WireStateChangeEvent {
            BenchAPIHost.taskInstanceEvent(dagId: "bench_dag_0", runId: runId, taskId: "t0", from: from, to: to)
        }
        // The SUB socket joins the bus a few ms after the stream opens.
        for _ in 0..<400 where !reader.any {
            await bus.publish([event(.success, .success)])
            try await Task.sleep(for: .milliseconds(10))
        }
        guard reader.any else { throw APIBenchError("no event reached the SSE client") }
        var latencies: [Double] = []
        for i in 0..<count {
            let (from, to): (TaskInstanceState, TaskInstanceState) = i % 2 == 0 ? (.success, .running) : (.running, .success)
            ti.state = to
            var batch = StoreBatch()
            batch.taskInstances = [ti]
            try await store.commit(batch)
            let committed = DispatchTime.now().uptimeNanoseconds
            await bus.publish([event(from, to)])
            let sequence = await bus.lastSequence
            let deadline = committed + 2_000_000_000
            while reader.arrival(of: sequence) == nil, DispatchTime.now().uptimeNanoseconds < deadline {
                try await Task.sleep(for: .microseconds(50))
            }
            if let arrived = reader.arrival(of: sequence) { latencies.append(Double(arrived - committed) / 1e9) }
        }
        return latencies
    }

    /// Writes the DAG files and the store's DAGs, runs and task instances.
    static func seed(store: any MetaStore, home: UpdraftHome, dags: Int, tasks: Int, runs: Int) async throws {
        var records: [DagRecord] = []
        for i in 0..<dags {
            let file = home.dagsFolder.appendingPathComponent("bench_dag_\(i).yml")
            try DagFileGenerator.file(index: i, tasks: tasks).write(to: file, atomically: true, encoding: .utf8)
            records.append(DagRecord(dagId: "bench_dag_\(i)", fileLocation: file.path, lastParsedAt: Date()))
        }
        let big = home.dagsFolder.appendingPathComponent("bench_big.yml")
        var text = "dag_id: bench_big\nschedule: null\ntasks:\n"
        for k in 0..<1000 { text += "  - task_id: t\(k)\n    empty: true\n" }
        try text.write(to: big, atomically: true, encoding: .utf8)
        records.append(DagRecord(dagId: "bench_big", fileLocation: big.path, lastParsedAt: Date()))
        try await store.syncDags(records)
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        for i in 0..<dags {
            var batch = StoreBatch()
            for r in 0..<runs {
                let logical = base.addingTimeInterval(Double(r) * 86_400)
                let runId = "scheduled__run_\(r)"
                batch.dagRuns.append(DagRunRecord(
                    dagId: "bench_dag_\(i)", runId: runId, logicalDate: logical, dataIntervalStart: logical,
                    dataIntervalEnd: logical.addingTimeInterval(86_400), state: r % 7 == 3 ? .failed : .success,
                    runType: .scheduled, queuedAt: logical, startDate: logical, endDate: logical.addingTimeInterval(600)))
                for k in 0..<tasks {
                    var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: "bench_dag_\(i)", runId: runId, taskId: "t\(k)"),
                                                state: .success, tryNumber: 1, maxTries: 3)
                    ti.hostname = "bench-host"
                    batch.taskInstances.append(ti)
                }
            }
            try await store.commit(batch)
        }
        var batch = StoreBatch()
        let logical = base
        batch.dagRuns = [DagRunRecord(dagId: "bench_big", runId: "big_run", logicalDate: logical, dataIntervalStart: logical,
                                      dataIntervalEnd: logical, state: .success, runType: .manual, queuedAt: logical,
                                      startDate: logical, endDate: logical.addingTimeInterval(60))]
        batch.taskInstances = (0..<1000).map {
            TaskInstanceRecord(id: TaskInstanceID(dagId: "bench_big", runId: "big_run", taskId: "t\($0)"), state: .success,
                               tryNumber: 1, maxTries: 1)
        }
        try await store.commit(batch)
    }
}
