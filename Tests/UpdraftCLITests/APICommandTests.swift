import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
@testable import UpdraftCLI
import UpdraftServer
import UpdraftStore

/// `--api-port`/`--no-api` of standalone and scheduler, and `updraft api-server`.
@Suite("HTTP API options and updraft api-server")
struct APICommandTests {
    @Test("standalone serves the API at 127.0.0.1:8080 unless --no-api; --api-port 0 picks a free port")
    func standalonePlans() throws {
        #expect(try parse(["standalone"], as: StandaloneCommand.self).api.plan(onByDefault: true)
            == .init(host: "127.0.0.1", port: 8080))
        #expect(try parse(["standalone", "--api-port", "0"], as: StandaloneCommand.self).api.plan(onByDefault: true)?.port == 0)
        #expect(try parse(["standalone", "--no-api"], as: StandaloneCommand.self).api.plan(onByDefault: true) == nil)
    }

    @Test("standalone runs without authentication by default; scheduler and api-server ask for it")
    func authDefaults() throws {
        #expect(try parse(["standalone"], as: StandaloneCommand.self).api.plan(onByDefault: true, defaultAuth: .none)?.auth == APIAuthMode.none)
        #expect(try parse(["standalone", "--api-auth", "users", "--api-host", "0.0.0.0"], as: StandaloneCommand.self).api
            .plan(onByDefault: true, defaultAuth: .none) == .init(host: "0.0.0.0", port: 8080, auth: .users))
        #expect(try parse(["scheduler", "--api-port", "0"], as: SchedulerCommand.self).api.plan(onByDefault: false)?.auth == .users)
        #expect(try parse(["scheduler", "--api-port", "0", "--api-host", "0.0.0.0"], as: SchedulerCommand.self).api
            .plan(onByDefault: false)?.auth == .users)
        #expect(try parse(["api-server"], as: APIServerCommand.self).auth == .users)
        #expect(try parse(["api-server", "--host", "0.0.0.0"], as: APIServerCommand.self).host == "0.0.0.0")
    }

    @Test("scheduler serves the API only with --api-port")
    func schedulerPlans() throws {
        #expect(try parse(["scheduler"], as: SchedulerCommand.self).api.plan(onByDefault: false) == nil)
        #expect(try parse(["scheduler", "--api-port", "9000"], as: SchedulerCommand.self).api.plan(onByDefault: false)?.port == 9000)
    }

    @Test("bad API flags are refused with a message naming the value", arguments: [
        (["standalone", "--api-port", "70000"], "--api-port must be between 0 and 65535"),
        (["standalone", "--api-port=-1"], "--api-port must be between 0 and 65535"),
        (["standalone", "--no-api", "--api-port", "9000"], "--no-api and --api-port cannot be used together"),
        (["standalone", "--api-host", "0.0.0.0"], "--api-host '0.0.0.0' is not a loopback address: without authentication (--api-auth none, standalone's default)"),
        (["standalone", "--api-host", "10.0.0.1", "--api-auth", "none"], "pass --api-auth users"),
        (["scheduler", "--api-port", "0", "--api-host", "0.0.0.0", "--api-auth", "none"], "is not a loopback address"),
        (["standalone", "--api-auth", "basic"], "--api-auth"),
        (["scheduler", "--api-port", "x"], "--api-port"),
        (["api-server", "--host", "0.0.0.0", "--auth", "none"], "--host '0.0.0.0' is not a loopback address: with --auth none"),
        (["api-server", "--port", "65536"], "--port must be between 0 and 65535"),
        (["api-server", "--stats-endpoint", "localhost:7435"], "--stats-endpoint 'localhost:7435' is not an endpoint"),
        (["api-server", "--events-endpoint", "tcp://"], "--events-endpoint 'tcp://' is not an endpoint"),
    ])
    func badFlags(args: [String], message: String) throws {
        do {
            _ = try UpdraftCommand.parseAsRoot(args)
            Issue.record("\(args) parsed")
        } catch {
            #expect(UpdraftCommand.message(for: error).contains(message), "\(UpdraftCommand.message(for: error))")
        }
    }

    @Test("updraft api-server asks for credentials (a token made by `updraft tokens create` works) and stops on SIGINT with exit 0")
    func apiServerProcess() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let process = try LiveProcess(["api-server", "--home", home, "--port", "0"])
        let url = try await process.apiURL()
        #expect(process.output.contains("auth: users and tokens"))
        let (_, open) = try await URLSession.shared.data(from: URL(string: url + "/api/v1/health")!)
        #expect((open as? HTTPURLResponse)?.statusCode == 200)
        let (_, refused) = try await URLSession.shared.data(from: URL(string: url + "/api/v1/version")!)
        #expect((refused as? HTTPURLResponse)?.statusCode == 401)
        let create: UsersCreateCommand = try parse(["users", "create", "--username", "ops", "--role", "viewer",
                                                    "--bcrypt-cost", "4", "--home", home])
        #expect(try await create.execute(io: CapturedIO().io, stdin: { Data("pw\n".utf8) }) == 0)
        let tokens: TokensCreateCommand = try parse(["tokens", "create", "--username", "ops", "--home", home])
        let captured = CapturedIO()
        #expect(try await tokens.execute(io: captured.io) == 0)
        var request = URLRequest(url: URL(string: url + "/api/v1/version")!)
        request.setValue("Bearer \(captured.out)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains(#""version""#))
        let status = try await process.interruptAndWait()
        #expect(status == 0, "\(process.output)")
    }

    @Test("updraft standalone --api-port 0 prints `api: http://127.0.0.1:PORT` and lists the example DAGs there")
    func standaloneProcess() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let process = try LiveProcess(["standalone", "--home", home, "--dags-folder", CLIPaths.examples, "--api-port", "0",
                                       "--spawn", "none", "--executor-endpoint", "tcp://127.0.0.1:0",
                                       "--events-endpoint", "tcp://127.0.0.1:0"])
        let url = try await process.apiURL()
        #expect(url.hasPrefix("http://127.0.0.1:") && !url.hasSuffix(":8080"))
        let (data, _) = try await URLSession.shared.data(from: URL(string: url + "/api/v1/dags?limit=100")!)
        let body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let examples = try FileManager.default.contentsOfDirectory(atPath: CLIPaths.examples).filter { $0.hasSuffix(".yml") }
        #expect(body?["total_entries"] as? Int == examples.count - 1)  // pools.yml is not a DAG
        let status = try await process.interruptAndWait()
        #expect(status == 0, "\(process.output)")
    }

    @Test("standalone on an API port in use exits 1 naming the address, before the runtime starts any run")
    func portInUse() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let holder = try LiveProcess(["api-server", "--home", home, "--port", "0", "--auth", "none"])
        let url = try await holder.apiURL()
        let port = String(url.split(separator: ":").last ?? "")
        let standalone = try LiveProcess(["standalone", "--home", home, "--dags-folder", CLIPaths.examples,
                                          "--api-port", port, "--spawn", "none"])
        let deadline = ContinuousClock.now + .seconds(60)
        while standalone.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!standalone.isRunning)
        #expect(standalone.status == 1)
        #expect(standalone.output.contains("cannot serve the HTTP API on 127.0.0.1:\(port)"), "\(standalone.output)")
        #expect(standalone.output.contains("--no-api"))
        // Nothing was started: the store knows no DAG and no run.
        let (data, _) = try await URLSession.shared.data(from: URL(string: url + "/api/v1/dags")!)
        #expect((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["total_entries"] as? Int == 0)
        #expect(try await holder.interruptAndWait() == 0)
    }
}

/// The `updraft` binary as a running process whose stdout and stderr are collected on
/// their own threads (blocking reads stay off the cooperative pool).
final class LiveProcess: Sendable {
    /// What the process printed (stdout and stderr interleaved).
    final class Collected: Sendable {
        let text = Mutex("")
    }

    private let process: Process
    private let collected = Collected()

    init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = UpdraftBinaryTests.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        self.process = process
        for pipe in [out, err] {
            let handle = pipe.fileHandleForReading
            Thread { [collected] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    collected.text.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
                }
            }.start()
        }
    }

    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }
    /// Its exit status (once it has exited).
    var status: Int32 { process.terminationStatus }

    /// Everything printed so far.
    var output: String { collected.text.withLock { $0 } }

    /// The URL of the banner's `api:` line, waiting up to 60 s for it.
    func apiURL() async throws -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("api:") }),
               let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) {
                return String(url)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "no api: line in \(output)"])
    }

    /// SIGINT, then the exit status (SIGKILL after 30 s).
    func interruptAndWait() async throws -> Int32 {
        process.interrupt()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("did not stop within 30 s after SIGINT: \(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }
}
