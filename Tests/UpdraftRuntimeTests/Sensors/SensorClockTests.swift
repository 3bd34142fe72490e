import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

/// Sensors on the scheduler's ``ManualClock``: a `time_delta` sensor is met, and a sensor's
/// timeout comes, when the test moves the clock, not when real time passes.
@Suite("Sensors on a manual clock", .timeLimit(.minutes(1)))
struct SensorClockTests {
    static let logicalDate = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("time_delta 600 s: waiting at data_interval_end + 599 s, met at + 600 s, with next_try_at on the clock")
    func timeDeltaFollowsTheClock() async throws {
        let clock = ManualClock(date: Self.logicalDate)
        let spec = SensorSpec(kind: .timeDelta(TimeSpan(seconds: 600)), pokeInterval: TimeSpan(seconds: 60))
        let h = try await SchedulerHarness.make([sensorDag("later", spec)]) { $0.clock = clock }
        let run = try await h.trigger("later")
        let end = try #require(try await h.store.dagRun(dagId: "later", runId: run.runId)?.dataIntervalEnd)
        let target = end.addingTimeInterval(600)
        #expect(await sensorEventually { h.row("later", run.runId, "wait")?.state == .upForReschedule })
        let waiting = try #require(h.row("later", run.runId, "wait")?.nextTryAt)
        #expect(waiting <= target && waiting > clock.date, "next poke \(waiting), clock \(clock.date), target \(target)")

        clock.advance(by: .seconds(target.timeIntervalSince(clock.date) - 1))
        try await SchedulerClockTests.eventually("the sensor's next sleep on the clock") { clock.sleeperCount >= 1 }
        try await Task.sleep(for: .milliseconds(50))
        #expect(h.row("later", run.runId, "wait")?.state == .upForReschedule, "met 1 s early")
        #expect(await h.executor.submitted.isEmpty)

        clock.advance(by: .seconds(1))
        let b = await h.submitted(0)
        #expect(b.key.taskID == "b")
        #expect(h.row("later", run.runId, "wait")?.state == .success)
        await h.stop()
    }

    @Test("an external_task sensor with timeout 300 s and soft_fail: skipped when the clock has moved 300 s, not before")
    func externalTimeoutFollowsTheClock() async throws {
        let clock = ManualClock(date: Self.logicalDate)
        let h = try await SchedulerHarness.make(linkedDags(sensor: { spec, _ in
            spec.timeout = TimeSpan(seconds: 300)
            spec.softFail = true
        })) { $0.clock = clock }
        let down = try await h.trigger("down")
        #expect(await sensorEventually { h.row("down", down.runId, "wait")?.state == .upForReschedule })
        try await SchedulerClockTests.eventually("the timeout's sleep on the clock") { clock.sleeperCount >= 1 }

        clock.advance(by: .seconds(299))
        try await Task.sleep(for: .milliseconds(50))
        #expect(h.row("down", down.runId, "wait")?.state == .upForReschedule, "timed out before 300 s")

        clock.advance(by: .seconds(1))
        #expect(await sensorEventually { h.row("down", down.runId, "wait")?.state == .skipped })
        let message = h.row("down", down.runId, "wait")?.errorMessage ?? ""
        #expect(message.contains("waited 300 s") && message.contains("soft_fail"), "\(message)")
        await h.stop()
    }
}
