import ArgumentParser

/// `updraft bench ...`: measurements that back Updraft's performance targets.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: run them on a quiet machine and read medians, not single runs.",
        subcommands: [
            BenchWire.self,
            BenchTemplatesCommand.self,
            BenchDagbagCommand.self,
            BenchRunCommand.self,
            BenchNotifyCommand.self,
            BenchIdleRSSCommand.self,
            BenchSpawnCommand.self,
            BenchSensorCommand.self,
            BenchRecoveryCommand.self,
            BenchAPICommand.self,
            BenchUICommand.self,
            BenchHACommand.self,
        ]
    )
}
