import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

@Suite("sensors in a StandaloneRuntime (SQLite, executor, a real local worker)", .timeLimit(.minutes(2)))
struct SensorStandaloneTests {
    @Test("500 waiting sensors and a single worker of concurrency 1: a 3-task bash chain still runs to success")
    func waitingSensorsLeaveTheWorkerFree() async throws {
        var dags = [bashDag("work", [("a", "true"), ("b", "true"), ("c", "true")], edges: [("a", "b"), ("b", "c")])]
        let spec = SensorSpec(kind: .externalTask(ExternalTaskTarget(externalDagId: "never", externalTaskIds: ["x"])))
        for i in 0..<500 { dags.append(sensorDag("s\(i)", spec)) }
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-sensors-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: home.root) }
        var configuration = SchedulerConfiguration()
        configuration.retentionMaxAge = nil
        let runtime = StandaloneRuntime(options: StandaloneOptions(
            home: home, extraDags: dags, localWorkers: 1, workerConcurrency: 1,
            executorEndpoints: ["inproc://sensor-standalone-\(UUID().uuidString)"], eventsEndpoint: "", scheduler: configuration))
        _ = try await runtime.start()
        let scheduler = try #require(await runtime.scheduler)
        for i in 0..<500 { _ = try await scheduler.trigger(dagId: "s\(i)", logicalDate: Date(timeIntervalSince1970: 1_790_000_000)) }
        #expect(await sensorEventually(60) { await scheduler.sensors.activeCount == 500 })

        let work = try await scheduler.trigger(dagId: "work")
        #expect(try await scheduler.waitForRun(dagId: "work", runId: work.runId) == .success)
        let store = try SQLiteStore(path: home.databasePath)
        let waiting = try await store.taskInstances(inStates: [.upForReschedule])
        #expect(waiting.count == 500)
        #expect(waiting.allSatisfy { $0.id.taskId == "wait" && $0.workerId == nil })
        await runtime.stop(graceful: false)
    }
}
