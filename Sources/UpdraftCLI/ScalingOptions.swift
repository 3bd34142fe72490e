import ArgumentParser
import Foundation
import UpdraftRuntime

/// Workers on demand, the stats endpoint and the Prometheus endpoint, shared by
/// `updraft standalone` (spawns local workers by default) and `updraft scheduler` (spawns
/// none unless asked).
struct ScalingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "How workers are started on demand: local (child processes of this binary), command (--spawn-command), or none. Default: local for standalone, none for scheduler.",
        valueName: "kind"))
    var spawn: String?

    @Option(name: .customLong("min-workers"), help: ArgumentHelp("Workers kept per scaled queue, even idle.", valueName: "n"))
    var minWorkers = 0

    @Option(name: .customLong("max-workers"), help: ArgumentHelp("Most workers per scaled queue (hand-started ones count).", valueName: "n"))
    var maxWorkers = 4

    @Option(name: .customLong("worker-concurrency"), help: ArgumentHelp("Task slots of each spawned worker.", valueName: "n"))
    var workerConcurrency = 8

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Seconds a spawned worker may sit idle before it is retired.", valueName: "seconds"))
    var idleTimeout: Double = 60

    @Option(name: .customLong("spawn-rate"), help: ArgumentHelp("Most spawns per second per queue.", valueName: "n"))
    var spawnRate = 10

    @Option(name: .customLong("registration-timeout"), help: ArgumentHelp("Seconds a spawned worker has to register before the spawn counts as failed.", valueName: "seconds"))
    var registrationTimeout: Double = 10

    @Option(name: .customLong("spawn-queues"), help: ArgumentHelp("Comma-separated queues to scale.", valueName: "queues"))
    var spawnQueues = "default"

    @Option(name: .customLong("queue-scaling"), help: ArgumentHelp(
        "Per-queue override QUEUE:MIN:MAX:CONCURRENCY (repeatable), e.g. heavy:0:2:1.", valueName: "spec"))
    var queueScaling: [String] = []

    @Option(name: .customLong("spawn-command"), help: ArgumentHelp(
        "Command template for --spawn command, e.g. 'ssh {host} updraft worker --connect {endpoint} --queues {queue} --id {worker_id}'.",
        valueName: "template"))
    var spawnCommand: String?

    @Option(name: .customLong("spawn-hosts"), help: ArgumentHelp("Comma-separated hosts for {host}, used in turn.", valueName: "hosts"))
    var spawnHosts: String?

    @Option(name: .customLong("spawn-endpoint"), help: ArgumentHelp(
        "Executor endpoint spawned workers connect to (default: with --spawn local, an ipc:// socket in a private 0700 folder; with --spawn command, the first tcp:// or ipc:// one: give the host's address when workers run elsewhere).",
        valueName: "endpoint"))
    var spawnEndpoint: String?

    @Option(name: .customLong("stats-endpoint"), help: ArgumentHelp(
        "Where the stats endpoint listens (for updraft stats), or none.", valueName: "endpoint"))
    var statsEndpoint = "tcp://127.0.0.1:0"

    @Option(name: .customLong("metrics-port"), help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics (0 = a free port).", valueName: "port"))
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: ArgumentHelp("Address the metrics endpoint binds.", valueName: "ipv4"))
    var metricsHost = "127.0.0.1"

    /// The services these options ask for; `defaultSpawn` applies when `--spawn` is not given.
    /// Throws `ValidationError` naming the flag at fault.
    func services(defaultSpawn: String) throws -> RuntimeServicesOptions {
        var services = RuntimeServicesOptions()
        services.statsEndpoint = statsEndpoint == "none" ? nil : statsEndpoint
        services.metricsPort = metricsPort
        services.metricsHost = metricsHost
        services.spawnEndpoint = spawnEndpoint
        let kind = spawn ?? defaultSpawn
        switch kind {
        case "none": return services
        case "local": services.spawner = .local()
        case "command":
            guard let template = spawnCommand, !template.isEmpty else {
                throw ValidationError("--spawn command needs --spawn-command TEMPLATE")
            }
            let hosts = (spawnHosts ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            do { _ = try CommandWorkerSpawner(template: template, hosts: hosts) } catch {
                throw ValidationError("--spawn-command: \(error.message)")
            }
            services.spawner = .command(template: template, hosts: hosts)
        default:
            throw ValidationError("--spawn must be local, command or none, got '\(kind)'")
        }
        var queues: [String: QueueScaling] = [:]
        var order: [String] = []
        for queue in spawnQueues.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !queue.isEmpty {
            if queues[queue] == nil { order.append(queue) }
            queues[queue] = scaling(queue, min: minWorkers, max: maxWorkers, concurrency: workerConcurrency)
        }
        for spec in queueScaling {
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, !parts[0].isEmpty, let min = Int(parts[1]), let max = Int(parts[2]), let concurrency = Int(parts[3]) else {
                throw ValidationError("--queue-scaling '\(spec)' must be QUEUE:MIN:MAX:CONCURRENCY, e.g. heavy:0:2:1")
            }
            if queues[parts[0]] == nil { order.append(parts[0]) }
            queues[parts[0]] = scaling(parts[0], min: min, max: max, concurrency: concurrency)
        }
        let configuration = AutoscalerConfiguration(queues: order.compactMap { queues[$0] })
        if configuration.queues.isEmpty { throw ValidationError("--spawn-queues names no queue") }
        let problems = configuration.problems
        guard problems.isEmpty else { throw ValidationError("worker scaling: " + problems.joined(separator: "; ")) }
        services.autoscaling = configuration
        return services
    }

    private func scaling(_ queue: String, min: Int, max: Int, concurrency: Int) -> QueueScaling {
        QueueScaling(
            queue: queue, minWorkers: min, maxWorkers: max, workerConcurrency: concurrency,
            idleTimeout: .milliseconds(Int((idleTimeout * 1000).rounded())), maxSpawnsPerSecond: spawnRate,
            registrationDeadline: .milliseconds(Int((registrationTimeout * 1000).rounded())))
    }

    /// Checks the flags without building anything twice.
    func validate(defaultSpawn: String) throws {
        guard idleTimeout >= 0, idleTimeout <= 86_400 else { throw ValidationError("--idle-timeout must be between 0 and 86400 seconds") }
        guard registrationTimeout > 0, registrationTimeout <= 3600 else {
            throw ValidationError("--registration-timeout must be between 0 and 3600 seconds")
        }
        if let metricsPort, !(0...65_535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be between 0 and 65535, got \(metricsPort)")
        }
        if statsEndpoint != "none", !RuntimeOptions.isEndpoint(statsEndpoint) {
            throw ValidationError("--stats-endpoint '\(statsEndpoint)' is not an endpoint: use tcp://HOST:PORT, ipc://PATH or none")
        }
        _ = try services(defaultSpawn: defaultSpawn)
    }

    /// Lines for the start banner describing the scaling.
    static func describe(_ services: RuntimeServicesOptions) -> [String] {
        guard let scaling = services.autoscaling else { return [] }
        let spawner = switch services.spawner {
        case .local: "local child processes"
        case .command(let template, _): "command '\(template)'"
        }
        return scaling.queues.map { queue in
            "  spawning:  queue \(queue.queue): \(queue.minWorkers)...\(queue.maxWorkers) workers × \(queue.workerConcurrency) slots, idle timeout \(queue.idleTimeout) (\(spawner))"
        }
    }
}
