import Foundation
import Testing
@testable import UpdraftCore

@Suite("Run planner: retries and the retry delay")
struct RunTrackerRetryTests {
    typealias F = RunFixtures

    @Test("a task failing twice with retries=2 is retried after retry_delay, then succeeds")
    func retriesThenSuccess() {
        var run = F.tracker([F.task("flaky") { $0.retries = 2; $0.retryDelay = TimeSpan(seconds: 30) }, F.task("next", ["flaky"])])
        _ = run.evaluate(now: F.t0)
        #expect(run.instance(F.id("flaky"))?.maxTries == 3)

        var d = run.complete("flaky", .failed, at: F.t0)
        #expect(run.state("flaky") == .upForRetry)
        #expect(run.state("next") == TaskInstanceState.none)
        #expect(d.nextWakeup == F.t0 + 30)
        #expect(d.changed.first?.nextTryAt == F.t0 + 30)
        #expect(d.runState == nil)

        // Too early: nothing to do yet.
        d = run.evaluate(now: F.t0 + 29)
        #expect(d.toSchedule.isEmpty)
        #expect(d.nextWakeup == F.t0 + 30)
        // Due: scheduled again, same instance, try number unchanged until it starts.
        d = run.evaluate(now: F.t0 + 30)
        #expect(d.toSchedule == [F.id("flaky")])
        #expect(d.nextWakeup == nil)
        #expect(run.instance(F.id("flaky"))?.tryNumber == 1)

        d = run.complete("flaky", .failed, at: F.t0 + 40)
        #expect(d.nextWakeup == F.t0 + 70)
        _ = run.evaluate(now: F.t0 + 70)
        d = run.complete("flaky", .success, at: F.t0 + 80)
        #expect(run.instance(F.id("flaky"))?.tryNumber == 3)
        #expect(d.toSchedule == [F.id("next")])
        #expect(run.complete("next").runState == .success)
    }

    @Test("retries exhausted: failed, downstream upstream_failed, run failed")
    func retriesExhausted() {
        var run = F.tracker([F.task("flaky") { $0.retries = 1; $0.retryDelay = TimeSpan(seconds: 10) },
                             F.task("next", ["flaky"]), F.task("last", ["next"])])
        _ = run.evaluate(now: F.t0)
        _ = run.complete("flaky", .failed, at: F.t0)
        #expect(run.state("flaky") == .upForRetry)
        _ = run.evaluate(now: F.t0 + 10)
        let d = run.complete("flaky", .failed, at: F.t0 + 20)
        #expect(run.state("flaky") == .failed)
        #expect(run.state("next") == .upstreamFailed)
        #expect(run.state("last") == .upstreamFailed)
        #expect(d.runState == .failed)
        #expect(d.nextWakeup == nil)
    }

    @Test("retry_delay 0: the retry is scheduled in the same step")
    func immediateRetry() {
        var run = F.tracker([F.task("t") { $0.retries = 1; $0.retryDelay = TimeSpan(seconds: 0) }])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("t", .failed)
        #expect(d.toSchedule == [F.id("t")])
        #expect(run.state("t") == .scheduled)
    }

    @Test("a failure reported before the try started still uses up a try (no endless retries)")
    func failedWhileQueued() {
        var run = F.tracker([F.task("t")])
        _ = run.evaluate(now: F.t0)
        run.markQueued([F.id("t")])
        let d = run.finished(F.id("t"), state: .failed, now: F.t0)
        #expect(run.state("t") == .failed)
        #expect(d.runState == .failed)
    }

    @Test("the earliest pending retry is the next wake-up, over many instances")
    func wakeupIsEarliest() {
        let tasks = (0..<5).map { i in F.task("t\(i)") { $0.retries = 1; $0.retryDelay = TimeSpan(seconds: Int64(50 - i * 10)) } }
        var run = F.tracker(tasks)
        _ = run.evaluate(now: F.t0)
        var last: RunDecisions?
        for i in 0..<5 { last = run.complete("t\(i)", .failed) }
        #expect(last?.nextWakeup == F.t0 + 10)
        let d = run.evaluate(now: F.t0 + 25)
        #expect(Set(d.scheduledNames) == ["t3", "t4"])
        #expect(d.nextWakeup == F.t0 + 30)
    }

    @Test("exponential backoff: retry_delay * 2^(try-1), capped by max_retry_delay")
    func backoffNumbers() {
        let p = RetryPolicy(retryDelay: 10, exponentialBackoff: true, maxRetryDelay: 60)
        #expect((1...5).map { p.delay(afterTry: $0) } == [10, 20, 40, 60, 60])
        let uncapped = RetryPolicy(retryDelay: 300, exponentialBackoff: true)
        #expect((1...4).map { uncapped.delay(afterTry: $0) } == [300, 600, 1200, 2400])
        #expect(uncapped.delay(afterTry: 40) == RetryPolicy.maxDelay)  // 24 h, no overflow
        #expect(RetryPolicy(retryDelay: 0, exponentialBackoff: true).delay(afterTry: 1) == 1)  // Airflow's floor
        #expect(RetryPolicy(retryDelay: 1.5, exponentialBackoff: true).delay(afterTry: 1) == 2)  // ceil
    }

    @Test("without backoff the delay is constant and max_retry_delay does not apply (as in Airflow)")
    func constantDelay() {
        let p = RetryPolicy(retryDelay: 300, exponentialBackoff: false, maxRetryDelay: 60)
        #expect((1...3).map { p.delay(afterTry: $0) } == [300, 300, 300])
        var o = TaskDefaults()
        o.retryExponentialBackoff = true
        o.maxRetryDelay = TimeSpan(seconds: 100)
        let fromTask = RetryPolicy(task: TaskSpec(taskId: "t", kind: .empty, options: o))
        #expect(fromTask.retryDelay == 300)  // the builtin default retry_delay
        #expect(fromTask.delay(afterTry: 1) == 100)
    }

    @Test("jitter: within [base, 2*base), capped, the same for the same key")
    func jitter() {
        let p = RetryPolicy(retryDelay: 10, exponentialBackoff: true)
        for tryNumber in 1...6 {
            let base = p.delay(afterTry: tryNumber)
            let j = p.delay(afterTry: tryNumber, jitterKey: "d#t#r#-1#\(tryNumber)")
            #expect(j >= base && j < 2 * base)
            #expect(j == p.delay(afterTry: tryNumber, jitterKey: "d#t#r#-1#\(tryNumber)"))
        }
        let keys = (0..<20).map { p.delay(afterTry: 4, jitterKey: "k\($0)") }
        #expect(Set(keys).count > 1)  // the key actually spreads the delays
        let capped = RetryPolicy(retryDelay: 10, exponentialBackoff: true, maxRetryDelay: 15)
        #expect(capped.delay(afterTry: 2, jitterKey: "x") == 15)
        #expect(RetryPolicy(retryDelay: 10).delay(afterTry: 3, jitterKey: "x") == 10)
        #expect(RetryPolicy.stableHash("abc") == 0xe71f_a219_0541_574b)  // FNV-1a 64, fixed forever
    }

    @Test("the tracker uses the jittered backoff: nextTryAt within Airflow's window")
    func trackerBackoff() {
        var run = F.tracker([F.task("t") { $0.retries = 3; $0.retryDelay = TimeSpan(seconds: 10); $0.retryExponentialBackoff = true }])
        _ = run.evaluate(now: F.t0)
        _ = run.complete("t", .failed, at: F.t0)  // try 1
        _ = run.evaluate(now: F.t0 + 100)
        let d = run.complete("t", .failed, at: F.t0 + 100)  // try 2: base 20 s
        let wait = d.nextWakeup!.timeIntervalSince(F.t0 + 100)
        #expect(wait >= 20 && wait < 40)
    }
}
