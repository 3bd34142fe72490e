import ArgumentParser
import Foundation
import Logging
import UpdraftServer
import UpdraftStore

/// `updraft api-server --home H [--host 127.0.0.1] [--port 8080]`: the HTTP API alone,
/// over the store of a home whose scheduler runs in another process (Airflow 3's name).
struct APIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-server",
        abstract: "Serve the HTTP API (/api/v1) over a home's metadata store.",
        discussion: """
            Reads and changes the same store as the scheduler of that home (`updraft scheduler` or \
            `updraft standalone` in another process): what `dags list`, `dags trigger`, `tasks clear`, \
            `pools` and `variables` do, over HTTP. Every route but /api/v1/health needs a session \
            (POST /api/v1/auth/login) or an API token (updraft users create, updraft tokens create); \
            --auth none turns that off and then binds only a loopback address. Ctrl-C stops it \
            (requests in flight finish).
            """
    )

    @Option(help: ArgumentHelp("Updraft home folder (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp(StoreOpening.help, valueName: "url"))
    var store: String?

    @Option(help: ArgumentHelp("Address to bind (with --auth none: 127.0.0.1, ::1 or localhost only).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("users: sessions and API tokens required; none: no authentication (loopback only).",
                               valueName: "users|none"))
    var auth: APIAuthMode = .users

    @Option(help: ArgumentHelp("Port to bind; 0 picks a free one.", valueName: "port"))
    var port = APIOptions.defaultPort

    @Option(name: .customLong("events-endpoint"), help: ArgumentHelp(
        "The scheduler's event bus for live streams (GET /api/v1/events); default: the events endpoint in the home's scheduler.json.",
        valueName: "endpoint"))
    var eventsEndpoint: String?

    @Option(name: .customLong("stats-endpoint"), help: ArgumentHelp(
        "The scheduler's stats endpoint (GET /api/v1/stats); default: the stats endpoint in the home's scheduler.json.",
        valueName: "endpoint"))
    var statsEndpoint: String?

    @Flag(help: "Log every request's errors at debug level.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0: a free port), got \(port)")
        }
        for (flag, value) in [("--events-endpoint", eventsEndpoint), ("--stats-endpoint", statsEndpoint)] {
            if let value, !["tcp://", "ipc://"].contains(where: { value.hasPrefix($0) && value.count > $0.count }) {
                throw ValidationError("\(flag) '\(value)' is not an endpoint: use tcp://HOST:PORT or ipc://PATH")
            }
        }
        if auth == .none, !APIServer.isLoopback(host) {
            throw ValidationError("--host '\(host)' is not a loopback address: with --auth none the HTTP API binds only "
                + "127.0.0.1, ::1 or localhost (drop --auth none and create users to bind others)")
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Serves until SIGINT/SIGTERM; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        var logger = Logger(label: "updraft.api")
        logger.logLevel = verbose ? .debug : .notice
        let updraftHome = UpdraftHome.resolve(explicit: home)
        guard let location = StoreOpening.location(explicit: store, home: updraftHome, io: io) else { return 2 }
        let running: APIHosting.Running
        do {
            running = try await APIHosting.start(.init(host: host, port: port, auth: auth), home: updraftHome,
                                                 store: location, eventsEndpoint: eventsEndpoint,
                                                 statsEndpoint: statsEndpoint, logger: logger)
        } catch let error as StoreError {
            io.err("error: \(error)")
            return StoreOpening.exitCode(for: error, at: location)
        } catch {
            io.err("error: \(error)")
            return 1
        }
        io.out("updraft api-server running (pid \(ProcessInfo.processInfo.processIdentifier))")
        io.out("  api:       \(running.url)   (GET \(running.url)/api/v1/dags; \(running.authNote))")
        io.out("  database:  \(location.displayName)")
        if RunHomeAccess.runningScheduler(updraftHome) == nil {
            io.err("note: no scheduler is running for \(updraftHome.root.path) yet: triggered runs stay queued until one starts")
        }
        io.out("Stop with Ctrl-C.")
        fflush(nil)
        let (signalled, continuation) = AsyncStream.makeStream(of: Void.self)
        let signals = SignalSource { continuation.yield() }
        // Unstructured: reports the server's end into the stream this command reads.
        let ended = Task {
            _ = await running.task.result
            continuation.yield()
        }
        var iterator = signalled.makeAsyncIterator()
        _ = await iterator.next()
        signals.cancel()
        ended.cancel()
        await running.stop()
        if case .failure(let error) = await running.task.result, !(error is CancellationError) {
            io.err("error: the API server stopped: \(error)")
            return 1
        }
        return 0
    }
}
