import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftRuntime

/// `updraft bench ha`: several schedulers on one PostgreSQL store, the active one killed once a minute.
struct BenchHACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ha",
        abstract: "Kill the active scheduler once a minute among several on one PostgreSQL store; time the takeovers.",
        discussion: """
            Starts --schedulers real `updraft scheduler` processes on one PostgreSQL store (an EMPTY \
            database: --store or $UPDRAFT_STORE) and --workers tcp workers listing them all, with \
            --dags DAGs of --tasks tasks (a tree) on `* * * * *`. Each minute, 2-5 s after the \
            tick, the scheduler holding the lease is SIGKILLed and started again (as a standby). \
            Reports takeover_p50_s (kill → first try started again; target < 10 s), lost and \
            doubled (targets 0), ticks_late_p99_s (tick → run start). Takes --minutes plus about \
            a minute. Build with -c release first.
            """
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: ArgumentHelp("An empty PostgreSQL database (default: $UPDRAFT_STORE).", valueName: "postgres://..."))
    var store: String?

    @Option(help: "DAGs (1...2000).")
    var dags = 300

    @Option(help: "Tasks per DAG (1...200).")
    var tasks = 20

    @Option(help: "Schedulers (2...5).")
    var schedulers = 3

    @Option(help: "Workers (1...8), each listing every scheduler.")
    var workers = 3

    @Option(help: "Slots per worker (1...64).")
    var concurrency = 8

    @Option(help: "Minutes of kills (1...60): one kill per minute.")
    var minutes = 5

    @Option(help: "Seed of the kill times (default: random, printed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Binary to start (default: this one).", valueName: "path"))
    var executable: String?

    func validate() throws {
        guard (1...2000).contains(dags) else { throw ValidationError("--dags must be between 1 and 2000, got \(dags)") }
        guard (1...200).contains(tasks) else { throw ValidationError("--tasks must be between 1 and 200, got \(tasks)") }
        guard (2...5).contains(schedulers) else { throw ValidationError("--schedulers must be between 2 and 5, got \(schedulers)") }
        guard (1...8).contains(workers) else { throw ValidationError("--workers must be between 1 and 8, got \(workers)") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64, got \(concurrency)") }
        guard (1...60).contains(minutes) else { throw ValidationError("--minutes must be between 1 and 60, got \(minutes)") }
        if let executable, !FileManager.default.isExecutableFile(atPath: executable) {
            throw ValidationError("--executable '\(executable)' is not an executable file")
        }
        guard let url = store ?? ProcessInfo.processInfo.environment["UPDRAFT_STORE"], !url.isEmpty else {
            throw ValidationError("bench ha needs a PostgreSQL store: --store postgres://user:pass@host:5432/db or $UPDRAFT_STORE")
        }
        do { _ = try HABenchmark.Settings(storeURL: url, executable: "/") } catch {
            throw ValidationError("invalid --store: \(error)")
        }
    }

    func run() async throws {
        let url = store ?? ProcessInfo.processInfo.environment["UPDRAFT_STORE"] ?? ""
        var settings = try HABenchmark.Settings(storeURL: url, executable: executable ?? CurrentExecutable.path)
        settings.dags = dags
        settings.tasksPerDag = tasks
        settings.schedulers = schedulers
        settings.workers = workers
        settings.workerConcurrency = concurrency
        settings.minutes = minutes
        if let seed { settings.seed = seed }
        let quiet = json
        let report = try await HABenchmark.run(settings) { line in
            if !quiet { print(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        try BenchReportPrinter.print(report, json: json, text: report.text)
        if report.lost > 0 || report.doubled > 0 { throw ExitCode(1) }
    }
}
