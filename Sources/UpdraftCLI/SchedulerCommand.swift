import ArgumentParser
import Foundation
import Logging
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft scheduler`: the scheduler and executor without local workers; workers connect
/// over tcp (`updraft worker --connect tcp://HOST:7433`).
struct SchedulerCommand: AsyncParsableCommand {
    /// Where the executor listens unless `--executor-endpoint` says otherwise.
    static let defaultExecutorEndpoint = "tcp://0.0.0.0:7433"
    /// Where events are published unless `--events-endpoint` says otherwise.
    static let defaultEventsEndpoint = "tcp://0.0.0.0:7434"

    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run the scheduler and the executor; workers connect over tcp.",
        discussion: """
            The executor listens on \(defaultExecutorEndpoint) and events are published on \
            \(defaultEventsEndpoint) unless given. Start workers with \
            `updraft worker --connect tcp://THIS-HOST:7433`. Every tcp:// and ipc:// socket \
            uses CurveZMQ with the key pair in HOME/curve/ (made at first start): give remote \
            workers HOME/curve/scheduler.pub (--server-key) and allow their public keys with \
            --allow-key FILE; --insecure-plaintext turns CURVE off (and warns at every start). \
            Ctrl-C stops gracefully (workers finish their running tasks); Ctrl-C again stops at once.
            """
    )

    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup(title: "Workers on demand and monitoring") var scaling: ScalingOptions

    @OptionGroup(title: "HTTP API") var api: APIOptions

    func validate() throws {
        try runtime.validateEndpoints()
        try scaling.validate(defaultSpawn: "none")
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// The options this command line gives.
    func options(io: CommandIO, codeDags: [Dag] = CodeDagRegistry.dags) throws -> StandaloneOptions {
        let home = runtime.resolvedHome
        var options = StandaloneOptions(
            home: home, dagsFolder: try runtime.resolvedDagsFolder(home: home, codeDags: codeDags, io: io),
            extraDags: codeDags, localWorkers: 0,
            executorEndpoints: runtime.executorEndpoints.isEmpty ? [Self.defaultExecutorEndpoint] : runtime.executorEndpoints,
            eventsEndpoint: runtime.eventsEndpoint ?? Self.defaultEventsEndpoint,
            console: true, mode: "scheduler")
        if let term = runtime.leaseTerm { options.leaseTTL = term }
        options.services = try scaling.services(defaultSpawn: "none")
        options.security = try runtime.security(
            endpoints: options.executorEndpoints + [options.eventsEndpoint] + [options.services.statsEndpoint].compactMap { $0 }, io: io)
        return options
    }

    func execute(io: CommandIO) async throws -> Int32 {
        var logger = Logger(label: "updraft")
        logger.logLevel = runtime.verbose ? .debug : .info
        return try await RuntimeHost.serve(home: runtime.resolvedHome, store: runtime.store, io: io, logger: logger,
                                           api: api.plan(onByDefault: false)) { try options(io: io) }
    }
}
