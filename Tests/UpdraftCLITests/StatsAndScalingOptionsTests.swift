import ArgumentParser
import Testing
import UpdraftRuntime
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("updraft stats / standalone scaling flags / bench spawn: parsing and bad input")
struct StatsAndScalingOptionsTests {
    func message(_ args: [String]) -> String {
        do {
            _ = try UpdraftToolCommand.parseAsRoot(args)
            return "accepted"
        } catch {
            return UpdraftToolCommand.message(for: error)
        }
    }

    @Test("stats: --watch takes an optional interval; bad combinations are named", arguments: [
        (["stats", "2"], "'2' given without --watch: use --watch 2"),
        (["stats", "--watch", "--json"], "--watch and --json cannot be combined"),
        (["stats", "--watch", "0.01"], "--watch interval must be between 0.1 and 3600 seconds, got 0.01"),
        (["stats", "--endpoint", "localhost:7"], "--endpoint 'localhost:7' is not an endpoint"),
    ])
    func statsErrors(args: [String], expected: String) {
        #expect(message(args).contains(expected), "\(args): \(message(args))")
    }

    @Test("stats: --watch with and without seconds parse")
    func statsWatch() throws {
        let plain = try parse(["stats", "--watch"], as: StatsCommand.self)
        #expect(plain.watch && plain.seconds == nil)
        let timed = try parse(["stats", "--watch", "0.5", "--endpoint", "tcp://127.0.0.1:9"], as: StatsCommand.self)
        #expect(timed.seconds == 0.5)
        #expect(timed.endpoint == "tcp://127.0.0.1:9")
    }

    @Test("standalone: scaling flags become per-queue settings; local spawning is the default")
    func standaloneScaling() throws {
        let command = try parse(
            ["standalone", "--max-workers", "3", "--idle-timeout", "5", "--queue-scaling", "heavy:0:2:1", "--metrics-port", "0"],
            as: StandaloneCommand.self)
        let services = try command.scaling.services(defaultSpawn: "local")
        #expect(services.spawner == .local())
        #expect(services.metricsPort == 0)
        let queues = try #require(services.autoscaling?.queues)
        #expect(queues.map(\.queue) == ["default", "heavy"])
        #expect(queues[0].maxWorkers == 3 && queues[0].idleTimeout == .seconds(5))
        #expect(queues[1].maxWorkers == 2 && queues[1].workerConcurrency == 1)
        let scheduler = try parse(["scheduler"], as: SchedulerCommand.self)
        #expect(try scheduler.scaling.services(defaultSpawn: "none").autoscaling == nil)
    }

    @Test("standalone: bad scaling flags are named", arguments: [
        (["standalone", "--spawn", "kubernetes"], "--spawn must be local, command or none, got 'kubernetes'"),
        (["standalone", "--spawn", "command"], "--spawn command needs --spawn-command TEMPLATE"),
        (["standalone", "--spawn", "command", "--spawn-command", "ssh {host} x"], "--spawn-command: spawn command template uses {host} but no hosts were given"),
        (["standalone", "--queue-scaling", "heavy:1"], "--queue-scaling 'heavy:1' must be QUEUE:MIN:MAX:CONCURRENCY"),
        (["standalone", "--min-workers", "5", "--max-workers", "2"], "min_workers 5 is above max_workers 2"),
        (["standalone", "--metrics-port", "70000"], "--metrics-port must be between 0 and 65535"),
        (["standalone", "--stats-endpoint", "7435"], "--stats-endpoint '7435' is not an endpoint"),
    ])
    func scalingErrors(args: [String], expected: String) {
        #expect(message(args).contains(expected), "\(args): \(message(args))")
    }

    @Test("bench spawn: bad flags are named")
    func benchSpawn() {
        #expect(message(["bench", "spawn", "--runs", "0"]).contains("--runs must be between 1 and 200, got 0"))
        #expect(message(["bench", "spawn", "--transport", "udp"]).contains("--transport must be tcp or ipc, got 'udp'"))
    }
}
