/// Which spawner starts workers on demand.
public enum SpawnerChoice: Sendable, Hashable {
    /// Child processes of this binary (``LocalWorkerSpawner``); `executable` nil = this binary.
    case local(executable: String? = nil)
    /// A command template (``CommandWorkerSpawner``), `{host}` round-robin over `hosts`.
    case command(template: String, hosts: [String])
}

/// What ``RuntimeServices`` adds to a scheduler process: workers on demand, the stats
/// endpoint, the Prometheus endpoint. Each is off when its field is nil.
///
/// ```swift
/// var services = RuntimeServicesOptions()
/// services.autoscaling = AutoscalerConfiguration(queues: [QueueScaling(queue: "default", maxWorkers: 4)])
/// services.metricsPort = 9464
/// ```
public struct RuntimeServicesOptions: Sendable, Hashable {
    /// Per-queue scaling; nil = no autoscaler (only hand-started or in-process workers).
    public var autoscaling: AutoscalerConfiguration?
    /// How workers are started when ``autoscaling`` is set.
    public var spawner: SpawnerChoice = .local()
    /// The executor endpoint spawned workers connect to; nil = the executor's first
    /// `tcp://` or `ipc://` endpoint (``StandaloneRuntime`` sets it, for ``SpawnerChoice/local(executable:)``,
    /// to an `ipc://` socket in a ``PrivateSocketFolder``).
    public var spawnEndpoint: String?
    /// Where the stats ROUTER binds (`tcp://127.0.0.1:0` picks a free port); nil = none.
    public var statsEndpoint: String? = "tcp://127.0.0.1:0"
    /// The Prometheus endpoint's address and port (0 = a free one); nil port = none.
    public var metricsHost = "127.0.0.1"
    /// The Prometheus endpoint's port; nil = not served.
    public var metricsPort: Int?

    /// Stats on a free localhost port; no autoscaler, no Prometheus endpoint.
    public init() {}
}

/// What ``RuntimeServices/start(executorEndpoints:)`` serves.
public struct RuntimeServiceEndpoints: Sendable, Hashable {
    /// The stats endpoint (for scheduler.json's `stats_endpoint`), if served.
    public var stats: String?
    /// `http://HOST:PORT/metrics`, if served.
    public var metrics: String?
    /// The endpoint spawned workers connect to, if workers are spawned.
    public var spawn: String?
}
