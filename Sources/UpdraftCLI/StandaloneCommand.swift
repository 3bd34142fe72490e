import ArgumentParser
import Foundation
import Logging
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft standalone`: scheduler, executor and local workers in one process.
struct StandaloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standalone",
        abstract: "Run the scheduler, the executor and local workers in one process.",
        discussion: """
            Loads the DAG folder (and the DAGs built into this binary), runs their schedules and \
            triggered runs with the home folder's SQLite store (or the one --store names), and prints each run as it \
            starts and ends. Workers on other machines may join with `updraft worker --connect` \
            on the printed tcp:// endpoint. The HTTP API serves on 127.0.0.1:8080 (--api-port P, 0 for \
            a free port; --no-api to turn it off) without authentication, as a laptop's API: \
            --api-auth users asks for sessions or API tokens (updraft users/tokens) and is required \
            to bind any address but loopback (--api-host). Ctrl-C stops gracefully: running tasks finish, \
            queued ones stay queued for the next start; Ctrl-C again stops at once.
            """
    )

    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup(title: "Workers on demand and monitoring") var scaling: ScalingOptions

    @OptionGroup(title: "HTTP API") var api: APIOptions

    @Option(help: ArgumentHelp("In-process workers to start (besides those spawned on demand: see --spawn).", valueName: "n"))
    var workers = 0

    @Option(help: ArgumentHelp("Task slots of each local worker.", valueName: "n"))
    var concurrency = 16

    func validate() throws {
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more (got \(workers))") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1 (got \(concurrency))") }
        try runtime.validateEndpoints()
        try scaling.validate(defaultSpawn: "local")
        try api.validate(defaultAuth: .none)
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, guardianExecutable: ProcessGroupGuardian.defaultExecutable))
    }

    /// The options this command line gives.
    func options(io: CommandIO, codeDags: [Dag] = CodeDagRegistry.dags) throws -> StandaloneOptions {
        let home = runtime.resolvedHome
        var endpoints = ["inproc://updraft-executor"]
        endpoints += runtime.executorEndpoints.isEmpty ? ["tcp://127.0.0.1:0"] : runtime.executorEndpoints
        var options = StandaloneOptions(
            home: home, dagsFolder: try runtime.resolvedDagsFolder(home: home, codeDags: codeDags, io: io),
            extraDags: codeDags, localWorkers: workers, workerConcurrency: concurrency,
            executorEndpoints: endpoints, eventsEndpoint: runtime.eventsEndpoint ?? "tcp://127.0.0.1:0",
            console: true, mode: "standalone")
        if let term = runtime.leaseTerm { options.leaseTTL = term }
        options.services = try scaling.services(defaultSpawn: "local")
        options.security = try runtime.security(
            endpoints: options.executorEndpoints + [options.eventsEndpoint] + [options.services.statsEndpoint].compactMap { $0 }, io: io)
        return options
    }

    /// Runs until stopped; in-process workers get a ``ProcessGroupGuardian`` started from
    /// `guardianExecutable` (the `updraft` binary; nil: none, as in tests that run the
    /// command inside their own process).
    func execute(io: CommandIO, guardianExecutable: String? = nil) async throws -> Int32 {
        var logger = Logger(label: "updraft")
        logger.logLevel = runtime.verbose ? .debug : .notice
        return try await RuntimeHost.serve(home: runtime.resolvedHome, store: runtime.store, io: io, logger: logger,
                                           api: api.plan(onByDefault: true, defaultAuth: .none)) {
            var options = try options(io: io)
            options.guardianExecutable = guardianExecutable
            return options
        }
    }
}
