import ArgumentParser
import Foundation
import UpdraftProtocol
import UpdraftRuntime
import UpdraftStore
import UpdraftWire

/// `updraft stats`: the message flow of a running scheduler (standalone or distributed),
/// read from its stats endpoint (`Protocols/PROTOCOL.md` §10).
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show a running scheduler's message flow, queues, workers and latencies.",
        discussion: """
            Asks the scheduler's stats endpoint (a ZeroMQ ROUTER; its address is in \
            HOME/scheduler.json as stats_endpoint, or give --endpoint) for a snapshot: per \
            socket and per message type, messages and bytes; dropped frames; tries queued per \
            queue and pool; workers (registered, busy slots, spawned, retired, lost); latency \
            percentiles. --json prints one snapshot; --watch [SECONDS] redraws a table in \
            place every SECONDS (default 1) with rates until Ctrl-C. Exit 1 when no scheduler \
            answers. The endpoint is a CURVE server unless its scheduler runs with \
            --insecure-plaintext: the home's curve/client.key is presented (or --key, with \
            --server-key, for a scheduler of another home).
            """
    )

    @Option(help: ArgumentHelp("Stats endpoint, e.g. tcp://127.0.0.1:7435 (default: from HOME/scheduler.json).", valueName: "endpoint"))
    var endpoint: String?

    @Flag(help: "Redraw a table in place until Ctrl-C (every SECONDS, default 1).")
    var watch = false

    @Argument(help: ArgumentHelp("Seconds between redraws with --watch.", valueName: "seconds"))
    var seconds: Double?

    @Flag(help: "Print one snapshot as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Updraft home folder (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp("Seconds to wait for an answer.", valueName: "seconds"))
    var timeout: Double = 3

    @OptionGroup(title: "CURVE keys (with --endpoint)") var keys: ClientKeyOptions

    func validate() throws {
        if let seconds {
            guard watch else { throw ValidationError("'\(Self.format(seconds))' given without --watch: use --watch \(Self.format(seconds))") }
            guard seconds >= 0.1, seconds <= 3600 else {
                throw ValidationError("--watch interval must be between 0.1 and 3600 seconds, got \(Self.format(seconds))")
            }
        }
        if watch && json { throw ValidationError("--watch and --json cannot be combined: --json prints one snapshot") }
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
        if let endpoint, !["tcp://", "ipc://", "inproc://"].contains(where: { endpoint.hasPrefix($0) && endpoint.count > $0.count }) {
            throw ValidationError("--endpoint '\(endpoint)' is not an endpoint: use tcp://HOST:PORT or ipc://PATH")
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Runs the command; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        let target: String
        let curve: CurveSecurity?
        switch resolveEndpoint() {
        case .success(let found): (target, curve) = found
        case .failure(let problem):
            io.err("error: \(problem.message)")
            return 1
        }
        let client: StatsClient
        do {
            client = try await StatsClient.connect(target, curve: curve)
        } catch {
            io.err("error: cannot connect to \(target): \(error)")
            return 1
        }
        let code = try await show(client, io: io)
        await client.close()
        return code
    }

    private func show(_ client: StatsClient, io: CommandIO) async throws -> Int32 {
        let target = client.endpoint
        var previous: WireStatsReply?
        var requestID: UInt64 = 0
        repeat {
            requestID += 1
            let reply: WireStatsReply
            do {
                reply = try await client.fetch(requestID: requestID, timeout: .milliseconds(Int(timeout * 1000)))
            } catch {
                io.err("error: no stats from \(target) within \(Self.format(timeout)) s (is the scheduler running?): \(error)")
                if watch, previous != nil { continue }
                return 1
            }
            if json {
                io.out(try StatsReport(reply, endpoint: target).json())
                return 0
            }
            let lines = StatsDashboard.render(reply, previous: previous, endpoint: target)
            io.out((watch ? StatsDashboard.clearScreen : "") + lines.joined(separator: "\n"))
            previous = reply
            if watch { try await Task.sleep(for: .milliseconds(Int((seconds ?? 1) * 1000))) }
        } while watch
        return 0
    }

    struct Problem: Error { var message: String }

    /// `--endpoint` (CURVE keys from ``ClientKeyOptions``), else `stats_endpoint` from
    /// scheduler.json (CURVE with its `curve_server_key` and the home's client key).
    func resolveEndpoint() -> Result<(String, CurveSecurity?), Problem> {
        let home = UpdraftHome.resolve(explicit: home)
        if let endpoint {
            do throws(CurveKeyError) {
                return .success((endpoint, try keys.curve(for: endpoint, home: home)))
            } catch {
                return .failure(Problem(message: error.message))
            }
        }
        let file = home.schedulerInfoFile.path
        do {
            guard let info = try SchedulerInfo.read(from: home.schedulerInfoFile) else {
                return .failure(Problem(message: "no scheduler.json at \(file): start `updraft standalone` or `updraft scheduler`, or pass --endpoint"))
            }
            guard let stats = info.statsEndpoint, !stats.isEmpty else {
                return .failure(Problem(message: "\(file) has no stats_endpoint (scheduler pid \(info.pid) serves none): pass --endpoint"))
            }
            guard let serverKey = info.curveServerKey, !keys.insecurePlaintext else { return .success((stats, nil)) }
            let files = HomeCurveKeys(home: home)
            guard let curve = try files.clientSecurity(serverKey: try CurveKey(z85: serverKey)) else {
                return .failure(Problem(message: "the scheduler serves CURVE but \(files.clientSecretFile) is missing: pass --endpoint with --key and --server-key"))
            }
            return .success((stats, curve))
        } catch let error as CurveKeyError {
            return .failure(Problem(message: error.message))
        } catch {
            return .failure(Problem(message: "\(error)"))
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
