import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

/// The scheduler on a ``ManualClock``: retry delays and cron ticks happen when the test
/// moves the clock, in milliseconds of real time, never earlier.
@Suite("Scheduler on a manual clock", .timeLimit(.minutes(1)))
struct SchedulerClockTests {
    /// Waits (real time, at most 10 s) until `condition` holds.
    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    @Test("a failed try with retry_delay 300 s is dispatched again when the clock has moved 300 s, not at 299 s")
    func retryDelayFollowsTheClock() async throws {
        let clock = ManualClock()
        let dag = bashDag("retry_later", [("t", "exit 1")],
                          options: ["t": opts { $0.retries = 1; $0.retryDelay = TimeSpan(seconds: 300) }])
        let h = try await SchedulerHarness.make([dag]) { $0.clock = clock }
        let run = try await h.trigger("retry_later")
        let first = await h.submitted(0)
        #expect(first.key.tryNumber == 1)
        h.executor.start(first)
        h.executor.finish(first, state: .failed, error: "boom")
        try await Self.eventually("up_for_retry in the store") {
            try await h.store.taskInstances(dagId: "retry_later", runId: run.runId).first?.state == .upForRetry
        }
        let row = try #require(try await h.store.taskInstances(dagId: "retry_later", runId: run.runId).first)
        let due = try #require(row.nextTryAt)
        #expect(abs(due.timeIntervalSince(clock.date) - 300) < 1, "next try at the step's clock time + 300 s")
        try await Self.eventually("the retry timer armed") { clock.sleeperCount >= 1 }

        clock.advance(by: .seconds(299))
        try await Task.sleep(for: .milliseconds(50))
        #expect(await h.executor.submitted.count == 1, "not due yet at 299 s")

        clock.advance(by: .seconds(1))
        let second = await h.submitted(1)
        #expect(second.key.tryNumber == 2)
        h.executor.start(second)
        h.executor.finish(second, state: .success)
        #expect(try await h.scheduler.waitForRun(dagId: "retry_later", runId: run.runId) == .success)
        await h.stop()
    }

    @Test("a */5 cron DAG gets its next scheduled run when the clock reaches the next tick, not before")
    func cronTickFollowsTheClock() async throws {
        let start = Date(timeIntervalSince1970: 1_772_323_320)  // 2026-03-01 00:02:00 UTC
        let clock = ManualClock(date: start)
        var dag = bashDag("every_five", [("t", "true")])
        dag.schedule = .cron(try CronExpression(parsing: "*/5 * * * *"))
        dag.startDate = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00 UTC
        dag.catchup = false
        let h = try await SchedulerHarness.make([dag]) { $0.clock = clock }
        let scheduled = { try await h.store.dagRuns(dagId: "every_five", states: nil, limit: nil).filter { $0.runType == .scheduled } }
        try await Self.eventually("the latest interval's run") { try await scheduled().count == 1 }
        let first = try #require(try await scheduled().first)
        #expect(first.dataIntervalEnd <= start, "catchup false: the latest interval that has ended")
        try await Self.eventually("the tick timer armed") { clock.sleeperCount >= 1 }

        clock.advance(by: .seconds(179))  // 00:04:59
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await scheduled().count == 1, "no run before the tick")

        clock.advance(by: .seconds(1))  // 00:05:00
        try await Self.eventually("the run of the interval ending 00:05") { try await scheduled().count == 2 }
        let runs = try await scheduled().sorted { $0.logicalDate < $1.logicalDate }
        #expect(runs[1].dataIntervalStart == runs[0].dataIntervalEnd)
        #expect(runs[1].dataIntervalEnd.timeIntervalSince(runs[0].dataIntervalEnd) == 300)
        await h.stop()
    }
}
