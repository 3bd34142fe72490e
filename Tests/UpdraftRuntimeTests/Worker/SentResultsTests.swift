import Testing
import UpdraftProtocol
@testable import UpdraftRuntime

@Suite("Worker: results kept to send again")
struct SentResultsTests {
    let t0 = ContinuousClock.now

    func result(_ task: String, try tryNumber: UInt32 = 1, _ state: WireTaskState = .success) -> WireTaskFinished {
        .with {
            $0.key = .with { $0.dagID = "d"; $0.runID = "r"; $0.taskID = task; $0.mapIndex = -1; $0.tryNumber = tryNumber }
            $0.state = state
        }
    }

    @Test("kept in the order sent; a newer result of the same try replaces the older")
    func order() {
        var sent = SentResults()
        sent.record(result("a"), at: t0)
        sent.record(result("b"), at: t0 + .seconds(1))
        sent.record(result("a", .failed), at: t0 + .seconds(2))
        #expect(sent.keys.map(\.taskID) == ["b", "a"])
        let again = sent.resend(at: t0 + .seconds(3))
        #expect(again.map(\.key.taskID) == ["b", "a"])
        #expect(again.last?.state == .failed)
        // Another try of the same task is another result.
        sent.record(result("a", try: 2), at: t0 + .seconds(4))
        #expect(sent.count == 3)
    }

    @Test("pruned after the retention, counted from the last send")
    func prune() {
        var sent = SentResults()
        sent.record(result("old"), at: t0)
        sent.record(result("new"), at: t0 + .seconds(20))
        sent.prune(now: t0 + SentResults.retention)
        #expect(sent.keys.map(\.taskID) == ["old", "new"])
        sent.prune(now: t0 + SentResults.retention + .milliseconds(1))
        #expect(sent.keys.map(\.taskID) == ["new"])
        // Sending again restarts the clock.
        _ = sent.resend(at: t0 + .seconds(40))
        sent.prune(now: t0 + .seconds(60))
        #expect(sent.keys.map(\.taskID) == ["new"])
        sent.prune(now: t0 + .seconds(71))
        #expect(sent.count == 0)
    }

    @Test("at most `limit` results: the oldest go first")
    func limit() {
        var sent = SentResults(limit: 3)
        for (i, task) in ["a", "b", "c", "d", "e"].enumerated() { sent.record(result(task), at: t0 + .seconds(i)) }
        #expect(sent.keys.map(\.taskID) == ["c", "d", "e"])
    }

    @Test("a try recorded again and again stays one entry, in its latest place, across the limit")
    func replacedOften() {
        var sent = SentResults(limit: 3)
        sent.record(result("a"), at: t0)
        sent.record(result("b"), at: t0)
        for i in 1...20 { sent.record(result("a", i % 2 == 0 ? .success : .failed), at: t0 + .seconds(i)) }
        #expect(sent.count == 2)
        #expect(sent.keys.map(\.taskID) == ["b", "a"])
        sent.record(result("c"), at: t0 + .seconds(21))
        sent.record(result("d"), at: t0 + .seconds(22))
        #expect(sent.keys.map(\.taskID) == ["a", "c", "d"])
        #expect(sent.resend(at: t0 + .seconds(23)).map(\.state) == [.success, .success, .success])
        // b was the oldest live result when d came: gone; its clock cannot bring it back.
        sent.prune(now: t0 + .seconds(23) + SentResults.retention)
        #expect(sent.count == 3)
        sent.prune(now: t0 + .seconds(24) + SentResults.retention)
        #expect(sent.count == 0 && sent.keys.isEmpty)
    }
}
