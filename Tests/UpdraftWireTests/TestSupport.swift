import Logging
import Synchronization
import Testing
import UpdraftWire

/// Fails the test instead of hanging when `operation` does not finish within `seconds`.
func withDeadline<T: Sendable>(
    _ seconds: Double = 20, _ what: String = "operation",
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            Issue.record("\(what) did not finish within \(seconds) s")
            throw CancellationError()
        }
        return value
    }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func eventually(_ seconds: Double = 10, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// Reads `count` messages from an inbox (fails on the deadline instead of hanging).
func collect<M: Sendable>(_ count: Int, from inbox: WireInbox<M>, seconds: Double = 30) async throws -> [Envelope<M>] {
    try await withDeadline(seconds, "receiving \(count) messages") {
        var received: [Envelope<M>] = []
        for await batch in inbox {
            received.append(contentsOf: batch)
            if received.count >= count { break }
        }
        return received
    }
}

/// A swift-log handler that keeps every line, for tests that count log lines.
final class CapturingLog: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test.wire") { _ in Handler(sink: self) }
    }

    struct Handler: LogHandler {
        let sink: CapturingLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.lines.withLock { $0.append("\(event.level): \(event.message)") }
        }
    }
}
