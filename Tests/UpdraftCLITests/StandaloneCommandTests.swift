import ArgumentParser
import Foundation
import Testing
@testable import UpdraftCLI

@Suite("updraft standalone / updraft scheduler")
struct StandaloneCommandTests {
    @Test("standalone options become the runtime's: workers, slots, endpoints (inproc first), home, DAG folder")
    func standaloneOptions() throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let command: StandaloneCommand = try parse([
            "standalone", "--home", home, "--dags-folder", CLIPaths.examples, "--workers", "2", "--concurrency", "8",
            "--executor-endpoint", "tcp://127.0.0.1:0", "--events-endpoint", "tcp://127.0.0.1:0",
        ])
        let options = try command.options(io: CapturedIO().io, codeDags: [])
        #expect(options.localWorkers == 2)
        #expect(options.workerConcurrency == 8)
        #expect(options.executorEndpoints == ["inproc://updraft-executor", "tcp://127.0.0.1:0"])
        #expect(options.eventsEndpoint == "tcp://127.0.0.1:0")
        #expect(options.home.root.path == home)
        #expect(options.dagsFolder == CLIPaths.examples)
        #expect(options.console)
        #expect(options.mode == "standalone")
    }

    @Test("scheduler: no local workers, executor on tcp://0.0.0.0:7433 and events on :7434 by default")
    func schedulerDefaults() throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let command: SchedulerCommand = try parse(["scheduler", "--home", home])
        let options = try command.options(io: CapturedIO().io, codeDags: [])
        #expect(options.localWorkers == 0)
        #expect(options.executorEndpoints == ["tcp://0.0.0.0:7433"])
        #expect(options.eventsEndpoint == "tcp://0.0.0.0:7434")
        #expect(options.dagsFolder == home + "/dags")
        #expect(FileManager.default.fileExists(atPath: home + "/dags"))
        #expect(options.mode == "scheduler")
    }

    @Test("bad flags are refused with a message naming the value", arguments: [
        (["standalone", "--workers=-1"], "--workers must be 0 or more (got -1)"),
        (["standalone", "--concurrency", "0"], "--concurrency must be at least 1 (got 0)"),
        (["standalone", "--executor-endpoint", "localhost:7433"], "'localhost:7433' is not an endpoint"),
        (["scheduler", "--events-endpoint", "tcp://"], "'tcp://' is not an endpoint"),
    ])
    func badFlags(args: [String], message: String) throws {
        do {
            _ = try UpdraftCommand.parseAsRoot(args)
            Issue.record("\(args) parsed")
        } catch {
            #expect(UpdraftCommand.message(for: error).contains(message))
        }
    }

    @Test("a --dags-folder that does not exist is an error naming it (when the binary has no DAGs of its own)")
    func missingFolder() throws {
        let command: StandaloneCommand = try parse(["standalone", "--dags-folder", "/nonexistent/updraft-dags"])
        #expect(throws: ValidationError.self) { _ = try command.options(io: CapturedIO().io, codeDags: []) }
        do { _ = try command.options(io: CapturedIO().io, codeDags: []) } catch {
            #expect("\(error)".contains("/nonexistent/updraft-dags"))
        }
    }
}
