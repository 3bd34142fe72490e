import Foundation
import Testing
@testable import UpdraftCLI

@Suite("updraft worker")
struct WorkerCommandTests {
    @Test("options become the worker's configuration")
    func options() throws {
        let command: WorkerCommand = try parse(["worker", "--connect", "tcp://127.0.0.1:7811", "--queues", "a, b", "--concurrency", "8", "--id", "w1"])
        let configuration = command.workerConfiguration()
        #expect(configuration.endpoint == "tcp://127.0.0.1:7811")
        #expect(configuration.queues == ["a", "b"])
        #expect(configuration.concurrency == 8)
        #expect(configuration.workerId == "w1")
    }

    @Test("a bad endpoint is a clear error with exit status 2", arguments: ["localhost:7811", "tcp://127.0.0.1"])
    func badEndpoint(endpoint: String) async throws {
        let command: WorkerCommand = try parse(["worker", "--connect", endpoint])
        let captured = CapturedIO()
        let code = try await command.execute(io: captured.io)
        #expect(code == 2)
        #expect(captured.err.contains("error: endpoint '\(endpoint)'"))
    }

    @Test("--connect repeated: every endpoint is checked (a bad second one is named, exit 2); none at all is refused too")
    func severalEndpoints() async throws {
        let good: WorkerCommand = try parse(["worker", "--connect", "tcp://10.0.0.1:7811", "--connect", "tcp://10.0.0.2:7811"])
        #expect(good.workerConfiguration().endpoints == ["tcp://10.0.0.1:7811", "tcp://10.0.0.2:7811"])
        let bad: WorkerCommand = try parse(["worker", "--connect", "tcp://10.0.0.1:7811", "--connect", "s2:7811"])
        let captured = CapturedIO()
        #expect(try await bad.execute(io: captured.io) == 2)
        #expect(captured.err.contains("error: endpoint 's2:7811'"), "\(captured.err)")
        let none: WorkerCommand = try parse(["worker"])
        let quiet = CapturedIO()
        #expect(try await none.execute(io: quiet.io) == 2)
        #expect(quiet.err.contains("--connect ENDPOINT is required"), "\(quiet.err)")
    }

    @Test("bad concurrency and queues are refused with exit status 2")
    func badOptions() async throws {
        let command: WorkerCommand = try parse(["worker", "--connect", "tcp://127.0.0.1:1", "--concurrency", "0", "--queues", ","])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 2)
        #expect(captured.err.contains("concurrency must be between 1 and 100000, got 0"))
        #expect(captured.err.contains("queues has an empty name"))
    }

    @Test("--parent-pid must name a real process id", arguments: ["0", "1", "-5"])
    func badParentPid(pid: String) async throws {
        let command: WorkerCommand = try parse(["worker", "--connect", "tcp://127.0.0.1:1", "--parent-pid=\(pid)"])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 2)
        #expect(captured.err.contains("--parent-pid must be a process id above 1, got \(pid)"))
    }

    // The bound is about the event (it stops on its own instead of serving), not about speed:
    // alone this takes a few milliseconds, but with the whole suite in parallel on 2 cores the
    // test's awaits wait seconds for a cooperative thread (13.7 s measured once).
    @Test("a worker whose --parent-pid is not its parent stops by itself, exit 0", .timeLimit(.minutes(2)))
    func parentAlreadyGone() async throws {
        // This test process's parent is not PID 2^30: the watch sees "parent gone" at once.
        let command: WorkerCommand = try parse(["worker", "--connect", "tcp://127.0.0.1:1", "--id", "orphan", "--insecure-plaintext",
                                                "--parent-pid", String(1 << 30)])
        let captured = CapturedIO()
        let started = ContinuousClock.now
        #expect(try await command.execute(io: captured.io) == 0)
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(captured.err.contains("worker orphan: parent process \(1 << 30) exited; stopping, running tries killed"))
    }
}
