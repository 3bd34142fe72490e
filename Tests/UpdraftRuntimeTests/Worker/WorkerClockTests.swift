import Foundation
import Testing
import UpdraftProtocol
@testable import UpdraftRuntime

/// The times a worker reports come from its clock (``WorkerConfiguration/clock``), not the
/// system's: a ``ManualClock`` fixes them.
@Suite("Worker: try times from the injected clock")
struct WorkerClockTests {
    static let fixed = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z

    @Test("a bash try: started at the clock's date, ended at it after the clock moved 7 s; an empty task: both at the clock's date")
    func bashAndEmpty() async throws {
        let clock = ManualClock(date: Self.fixed)
        let h = try await WorkerHarness.start { $0.clock = clock }
        try await h.executor.welcome()
        let bash = WorkerDispatches.bash("slow", "sleep 1")
        try await h.executor.send(.taskDispatch(bash))
        let started = try await h.executor.started(bash.key)
        #expect(started.startedAtUnixUs == Self.fixed.unixMicros)
        clock.advance(by: .seconds(7))
        let finished = try await h.executor.finished(bash.key)
        #expect(finished.state == .success)
        #expect(finished.endedAtUnixUs == Self.fixed.addingTimeInterval(7).unixMicros)

        var empty = WorkerDispatches.bash("nothing", "true")
        empty.kind = .empty
        try await h.executor.send(.taskDispatch(empty))
        let emptyStarted = try await h.executor.started(empty.key)
        let emptyFinished = try await h.executor.finished(empty.key)
        #expect(emptyStarted.startedAtUnixUs == Self.fixed.addingTimeInterval(7).unixMicros)
        #expect(emptyFinished.endedAtUnixUs == emptyStarted.startedAtUnixUs)
        await h.stop()
    }
}
