import Synchronization
import Testing
@testable import UpdraftRuntime

@Suite("ManualClock: time moves only when advanced")
struct ManualClockTests {
    /// What woke, in order.
    final class Woke: Sendable {
        private let names = Mutex<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    @Test("a sleeper wakes when an advance reaches its deadline, not before; sleepers wake in deadline order")
    func wakesAtDeadline() async throws {
        let clock = ManualClock()
        let start = clock.now
        let woke = Woke()
        let short = Task { try await clock.sleep(for: .milliseconds(300)); woke.add("short") }
        let long = Task { try await clock.sleep(for: .seconds(1)); woke.add("long") }
        while clock.sleeperCount < 2 { await Task.yield() }
        clock.advance(by: .milliseconds(299))
        try await Task.sleep(for: .milliseconds(20))
        #expect(woke.all.isEmpty && clock.sleeperCount == 2)
        clock.advance(by: .milliseconds(1))
        try await short.value
        #expect(woke.all == ["short"] && clock.sleeperCount == 1)
        clock.advance(by: .seconds(5))
        try await long.value
        #expect(woke.all == ["short", "long"])
        #expect(clock.now - start == .milliseconds(5300))
    }

    @Test("a cancelled sleeper throws CancellationError and leaves the clock; zero sleeps return at once")
    func cancellation() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(10)) }
        while clock.sleeperCount < 1 { await Task.yield() }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
        try await clock.sleep(for: .zero)
        clock.advance(by: .seconds(-3))
        #expect(clock.sleeperCount == 0)
    }
}
