import Logging
import UpdraftWire

/// The autoscaler, the stats endpoint and the Prometheus endpoint of one scheduler
/// process, started and stopped together next to its executor. The hook in
/// `StandaloneRuntime` is two calls: ``start(executorEndpoints:)`` after the executor is
/// bound and started, ``stop()`` after the executor has shut down (its workers then leave
/// on their own; stragglers are killed).
public actor RuntimeServices {
    /// The options.
    public nonisolated let options: RuntimeServicesOptions
    private let loop: MessageLoop
    private let executor: WorkerExecutor
    private let role: String
    private let logger: Logger
    private let extraGauges: (@Sendable () async -> [String: Double])?
    private let security: ServerSecurity?
    /// The autoscaler, once started (nil when autoscaling is off).
    public private(set) var autoscaler: Autoscaler?
    private var stats: StatsServer?
    private var metrics: MetricsHTTPServer?

    /// Services for `executor` on `loop`; `role` names the process in stats replies
    /// (`standalone`, `scheduler`); `extraGauges` adds the scheduler's own figures. With
    /// `security`, the stats endpoint is a CURVE server and spawned workers get its key files.
    public init(
        loop: MessageLoop, executor: WorkerExecutor, options: RuntimeServicesOptions, role: String,
        logger: Logger, security: ServerSecurity? = nil, extraGauges: (@Sendable () async -> [String: Double])? = nil
    ) {
        self.security = security
        self.loop = loop
        self.executor = executor
        self.options = options
        self.role = role
        self.logger = logger
        self.extraGauges = extraGauges
    }

    /// Starts what the options ask for. Throws ``AutoscalerConfigurationError``,
    /// ``SpawnError`` (bad command template, no endpoint a process can reach), `WireError`
    /// (stats endpoint) or ``MetricsServerError``.
    public func start(executorEndpoints: [String]) async throws -> RuntimeServiceEndpoints {
        var served = RuntimeServiceEndpoints()
        if let scaling = options.autoscaling {
            guard let endpoint = options.spawnEndpoint
                ?? executorEndpoints.first(where: { $0.hasPrefix("tcp://") || $0.hasPrefix("ipc://") })
            else {
                throw SpawnError(
                    "spawned workers need a tcp:// or ipc:// executor endpoint; the executor serves only \(executorEndpoints.joined(separator: ", "))")
            }
            let spawner: any WorkerSpawner
            switch options.spawner {
            case .local(let executable):
                var local = LocalWorkerSpawner(executable: executable ?? CurrentExecutable.path)
                local.keyFiles = security?.spawnKeyFiles
                spawner = local
            case .command(let template, let hosts):
                spawner = try CommandWorkerSpawner(template: template, hosts: hosts, keyFiles: security?.spawnKeyFiles)
            }
            let autoscaler = try Autoscaler(
                executor: executor, endpoint: endpoint, spawner: spawner, configuration: scaling, logger: logger)
            await autoscaler.start()
            self.autoscaler = autoscaler
            served.spawn = endpoint
        }
        let gauges = RuntimeGauges(executor: executor, autoscaler: autoscaler, extra: extraGauges)
        if let endpoint = options.statsEndpoint {
            let server = StatsServer(
                loop: loop, process: StatsServer.processName(role: role), logger: logger,
                curve: security?.curve(domain: ServerSecurity.statsDomain)
            ) {
                await gauges.collect()
            }
            served.stats = try await server.bind(endpoint)
            await server.start()
            stats = server
        }
        if let port = options.metricsPort {
            let loop = loop
            let process = StatsServer.processName(role: role)
            let server = try MetricsHTTPServer(host: options.metricsHost, port: port) {
                let reply = StatsReplyBuilder.reply(
                    requestID: 0, process: process, sockets: loop.statistics(), gauges: await gauges.collect())
                return PrometheusExporter.render(reply)
            }
            metrics = server
            served.metrics = server.url
        }
        return served
    }

    /// Stops scaling (spawned processes still alive after `grace` are killed) and closes the
    /// endpoints.
    public func stop(grace: Duration = .seconds(5)) async {
        await autoscaler?.stop(grace: grace)
        await stats?.close()
        await metrics?.stop()
        stats = nil
        metrics = nil
    }
}
