import Foundation
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
@testable import UpdraftRuntime

@Suite("file, command and time_delta sensors", .timeLimit(.minutes(1)))
struct PokeSensorTests {
    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("updraft-sensor-\(UUID().uuidString)-\(name)").path
    }

    @Test("a file sensor (glob) waits up_for_reschedule with its next poke time, then succeeds when the file appears")
    func fileAppears() async throws {
        let dir = tempPath("dir")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = try await SchedulerHarness.make([sensorDag("files", SensorSpec(kind: .file(path: dir + "/{{ ds }}-*.csv"), pokeInterval: TimeSpan(seconds: 1)))])
        let run = try await h.trigger("files")
        #expect(await sensorEventually { h.row("files", run.runId, "wait")?.state == .upForReschedule })
        let row = try #require(h.row("files", run.runId, "wait"))
        let next = try #require(row.nextTryAt)
        #expect(next > (row.startDate ?? .distantPast))
        #expect(await h.executor.submitted.isEmpty)
        // {{ ds }} of the harness's logical date (1_790_000_000 = 2026-09-21).
        FileManager.default.createFile(atPath: dir + "/2026-09-21-part1.csv", contents: Data("x".utf8))
        let b = await h.submitted(0)
        #expect(b.key.taskID == "b")
        #expect(h.row("files", run.runId, "wait")?.state == .success)
        await h.stop()
    }

    @Test("a command sensor succeeds once its command exits 0; soft_fail timeout skips")
    func commandSensor() async throws {
        let flag = tempPath("flag")
        defer { try? FileManager.default.removeItem(atPath: flag) }
        var skipping = SensorSpec(kind: .command("false"), pokeInterval: TimeSpan(seconds: 1), timeout: TimeSpan(seconds: 1))
        skipping.softFail = true
        let h = try await SchedulerHarness.make([
            sensorDag("cmd", SensorSpec(kind: .command("test -f \(flag)"), pokeInterval: TimeSpan(seconds: 1))),
            sensorDag("never", skipping),
        ])
        let run = try await h.trigger("cmd")
        let never = try await h.trigger("never")
        #expect(await sensorEventually { h.row("cmd", run.runId, "wait")?.state == .upForReschedule })
        FileManager.default.createFile(atPath: flag, contents: Data())
        let b = await h.submitted(0)
        #expect(b.key.dagID == "cmd")
        #expect(try await h.scheduler.waitForRun(dagId: "never", runId: never.runId) == .success)
        #expect(h.row("never", never.runId, "wait")?.state == .skipped)
        #expect(h.row("never", never.runId, "wait")?.errorMessage?.contains("soft_fail") == true)
        await h.stop()
    }

    @Test("a filepath template that does not render (unknown variable) fails the try, naming the field")
    func badTemplate() async throws {
        let h = try await SchedulerHarness.make([sensorDag("broken", SensorSpec(kind: .file(path: "/tmp/{{ var.value.no_such_variable }}")))])
        let run = try await h.trigger("broken")
        #expect(await sensorEventually { h.row("broken", run.runId, "wait")?.state == .failed })
        let message = h.row("broken", run.runId, "wait")?.errorMessage ?? ""
        #expect(message.contains("template error"))
        #expect(message.contains("filepath"))
        #expect(await h.executor.submitted.isEmpty)
        await h.stop()
    }

    @Test("a time_delta sensor whose target time has passed succeeds on its first poke")
    func timeDeltaPassed() async throws {
        let h = try await SchedulerHarness.make([sensorDag("later", SensorSpec(kind: .timeDelta(TimeSpan(seconds: 60))))])
        let run = try await h.trigger("later")
        let b = await h.submitted(0)
        #expect(b.key.taskID == "b")
        #expect(h.row("later", run.runId, "wait")?.state == .success)
        await h.stop()
    }

    @Test("a time_delta sensor waits until data_interval_end + delta, even with a long poke_interval")
    func timeDeltaWaits() async throws {
        let spec = SensorSpec(kind: .timeDelta(TimeSpan(seconds: 2)), pokeInterval: TimeSpan(seconds: 600))
        let h = try await SchedulerHarness.make([sensorDag("soon", spec)])
        let logicalDate = Date()
        let run = try await h.scheduler.trigger(dagId: "soon", logicalDate: logicalDate)
        // Succeeds at the target time, not one 600 s poke_interval later (a loaded machine
        // may poke first only after the target: then it succeeds on that first poke).
        #expect(await sensorEventually(30) { h.row("soon", run.runId, "wait")?.state == .success })
        let ended = try #require(h.row("soon", run.runId, "wait")?.endDate)
        #expect(ended >= logicalDate.addingTimeInterval(2), "succeeded before data_interval_end + 2 s")
        let b = await h.submitted(0)
        #expect(b.key.taskID == "b")
        await h.stop()
    }
}

@Suite("Poke schedule")
struct PokeScheduleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("without backoff every poke_interval, and never past the timeout")
    func plain() {
        let s = PokeSchedule(spec: SensorSpec(kind: .command("x"), pokeInterval: TimeSpan(seconds: 30), timeout: TimeSpan(seconds: 100)),
                             firstPokeAt: start, jitterKey: "k")
        #expect(s.nextDelay(afterPoke: 1, now: start) == 30)
        #expect(s.nextDelay(afterPoke: 4, now: start.addingTimeInterval(90)) == 10)
        #expect(s.nextDelay(afterPoke: 5, now: start.addingTimeInterval(100)) == nil)
    }

    @Test("exponential_backoff grows (with a stable jitter) and max_wait caps it")
    func backoff() {
        var spec = SensorSpec(kind: .command("x"), pokeInterval: TimeSpan(seconds: 10), exponentialBackoff: true)
        let s = PokeSchedule(spec: spec, firstPokeAt: start, jitterKey: "k")
        let d3 = s.nextDelay(afterPoke: 3, now: start)!
        let d6 = s.nextDelay(afterPoke: 6, now: start)!
        #expect(d3 >= 20 && d3 < 40)
        #expect(d6 >= 160 && d6 < 320)
        #expect(s.nextDelay(afterPoke: 6, now: start) == d6)  // same inputs, same delay
        spec.maxWait = TimeSpan(seconds: 60)
        let capped = PokeSchedule(spec: spec, firstPokeAt: start, jitterKey: "k")
        #expect(capped.nextDelay(afterPoke: 6, now: start) == 60)
    }
}
