import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

/// `updraft stats` (the real binary) against a StandaloneRuntime that just ran a DAG.
@Suite("updraft stats against a running standalone scheduler", .serialized, .timeLimit(.minutes(2)))
struct StatsCommandTests {
    /// Runs `arguments` to completion on a dedicated thread (blocking reads stay off the
    /// cooperative pool); returns the exit status and standard output.
    static func run(_ arguments: [String]) async throws -> (status: Int32, out: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: arguments[0])
                process.arguments = Array(arguments.dropFirst())
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.nullDevice
                do { try process.run() } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }.start()
        }
    }

    static func startRuntime(tasks: Int) async throws -> (StandaloneRuntime, UpdraftHome, String) {
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-stats-\(UUID().uuidString)"))
        let leaves = (0..<tasks - 1).map { ("leaf\($0)", "true") }
        let dag = bashDag("stats_load", [("root", "true")] + leaves, edges: leaves.map { ("root", $0.0) })
        var options = StandaloneOptions(home: home, extraDags: [dag], localWorkers: 1, workerConcurrency: 8,
                                        executorEndpoints: ["inproc://stats-executor-\(UUID().uuidString)"], eventsEndpoint: "")
        options.scheduler.retentionMaxAge = nil
        var logger = Logger(label: "stats-test")
        logger.logLevel = .warning
        let runtime = StandaloneRuntime(options: options, logger: logger)
        let endpoints = try await runtime.start()
        let stats = try #require(endpoints.services.stats)
        return (runtime, home, stats)
    }

    @Test("--json counts match the run: one dispatch, one start and one end per task; scheduler.json names the endpoint")
    func jsonMatchesRun() async throws {
        let (runtime, home, endpoint) = try await Self.startRuntime(tasks: 31)
        defer { try? FileManager.default.removeItem(at: home.root) }
        #expect(try SchedulerInfo.read(from: home.schedulerInfoFile)?.statsEndpoint == endpoint)
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "stats_load", conf: [:], logicalDate: nil, runType: .manual)
        #expect(try await scheduler.waitForRun(dagId: "stats_load", runId: run.runId) == .success)

        let result = try await Self.run([AutoscaleHarness.updraftBinary, "stats", "--home", home.root.path, "--json"])
        await runtime.stop(graceful: true)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let types = try #require(json["message_types"] as? [String: [String: Any]])
        #expect(types["task_dispatch"]?["msgs_out"] as? Int == 31)
        #expect(types["task_started"]?["msgs_in"] as? Int == 31)
        #expect(types["task_finished"]?["msgs_in"] as? Int == 31)
        #expect(types["stats_request"]?["msgs_in"] as? Int == 1)
        let gauges = try #require(json["gauges"] as? [String: Double])
        #expect(gauges["executor.succeeded"] == 31)
        #expect(gauges["latency.queued_to_started.count"] == 31)
        #expect(gauges["latency.handoff.count"] == 30)
        #expect(gauges["workers.registered"] == 1)
        #expect(gauges["pool.open_slots.default_pool"] == gauges["pool.slots.default_pool"])
        #expect(gauges["scheduler.active_runs"] != nil)
        #expect(json["dropped_total"] as? Int == 0)
    }

    @Test("--watch redraws a table in place in a terminal (pseudo-terminal via script)")
    func watchRedraws() async throws {
        let (runtime, home, endpoint) = try await Self.startRuntime(tasks: 2)
        defer { try? FileManager.default.removeItem(at: home.root) }
        let command = "\(AutoscaleHarness.updraftBinary) stats --endpoint \(endpoint) --home \(home.root.path) --watch 0.2"
        let result = try await Self.run(["/usr/bin/timeout", "-s", "INT", "1.5", "/usr/bin/script", "-qfec", command, "/dev/null"])
        await runtime.stop(graceful: true)
        let redraws = result.out.components(separatedBy: "\u{1B}[H\u{1B}[2J").count - 1
        #expect(redraws >= 3, "expected several redraws, got \(redraws): \(result.out.prefix(300))")
        #expect(result.out.contains("MESSAGE TYPE"))
        #expect(result.out.contains("workers   registered 1"))
        #expect(result.out.contains("stats_request"))
    }

    @Test("no scheduler: a clear error and exit 1")
    func noScheduler() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-nostats-\(UUID().uuidString)")
        let result = try await Self.run([AutoscaleHarness.updraftBinary, "stats", "--home", home.path, "--json"])
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
    }
}
