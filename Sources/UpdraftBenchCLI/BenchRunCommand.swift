import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftCLI
import UpdraftStore

/// `updraft bench run`: a generated DAG end to end through the real runtime.
struct BenchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a generated DAG end to end (scheduler, SQLite, executor, workers over ZeroMQ) and time it.",
        discussion: """
            One DAG run in a temporary home with in-process workers over inproc:// ZeroMQ \
            (--transport tcp: over tcp://127.0.0.1 with CurveZMQ; tcp-plain: in clear). \
            Reports wall time (trigger to run end), task instances per second, and the \
            hand-off latency (downstream start − upstream end, over every edge: chain = \
            consecutive tasks, fanout = root → each leaf, tree = parent → child), p50/p99. \
            noop = a Swift task (callable updraft.noop) that returns at once on a worker; \
            bash = `true` in its own process group. Targets on a 2-core machine: chain 200 noop \
            p50 < 1 ms, p99 < 5 ms; fanout 10000 noop ≥ 5000 TI/s; fanout 1000 bash ≥ 300 TI/s. \
            Build with -c release first.
            """
    )

    @Option(help: "Task instances in the DAG.")
    var tasks = 200

    @Option(help: "Graph shape: fanout, chain or tree.")
    var shape: String = "chain"

    @Option(help: "Task kind: noop or bash.")
    var kind: String = "noop"

    @Option(help: "In-process workers (default: 1 for noop, 2 for bash).")
    var workers: Int?

    @Option(help: "Slots per worker (default: 32 for noop, 4 × cores for bash).")
    var concurrency: Int?

    @Option(help: "A webhook callback on every task, to an in-process receiver: none, failure (on_failure_callback: configured, fires nothing in a run that succeeds) or success (on_success_callback: one webhook per task).")
    var callbacks = "none"

    @Option(help: "How the in-process workers reach the executor: inproc, tcp (tcp://127.0.0.1 with CurveZMQ) or tcp-plain (in clear).")
    var transport = "inproc"

    @Option(help: "The metadata store: postgres://user:pass@host:5432/db (an existing database; the runs stay in it) or sqlite:///path (default: a SQLite file in the temporary home).")
    var store: String?

    @Flag(help: "Print one JSON object: tasks, shape, kind, wall_s, ti_per_s, handoff_p50_ms, handoff_p99_ms, all_succeeded, ...")
    var json = false

    func validate() throws {
        guard (1...200_000).contains(tasks) else { throw ValidationError("invalid --tasks \(tasks): must be 1...200000") }
        guard RunBenchShape(rawValue: shape) != nil else {
            throw ValidationError("invalid --shape '\(shape)': expected fanout, chain or tree")
        }
        guard ["none", "failure", "success"].contains(callbacks) else {
            throw ValidationError("invalid --callbacks '\(callbacks)': expected none, failure or success")
        }
        guard RunBenchTransport(rawValue: transport) != nil else {
            throw ValidationError("invalid --transport '\(transport)': expected inproc, tcp or tcp-plain")
        }
        if let store {
            do { _ = try StoreLocation(parsing: store) } catch { throw ValidationError("invalid --store: \(error)") }
        }
        guard RunBenchKind(rawValue: kind) != nil else { throw ValidationError("invalid --kind '\(kind)': expected noop or bash") }
        if let workers, !(1...64).contains(workers) { throw ValidationError("invalid --workers \(workers): must be 1...64") }
        if let concurrency, !(1...1024).contains(concurrency) {
            throw ValidationError("invalid --concurrency \(concurrency): must be 1...1024")
        }
    }

    func run() async throws {
        var options = RunBenchmark.Options(tasks: tasks, shape: RunBenchShape(rawValue: shape)!,
                                           kind: RunBenchKind(rawValue: kind)!, workers: workers,
                                           workerConcurrency: concurrency)
        options.callbacks = callbacks == "none" ? nil : (callbacks == "success" ? .success : .failure)
        options.transport = RunBenchTransport(rawValue: transport)!
        options.store = try store.map { try StoreLocation(parsing: $0) }
        if !json {
            print("running \(tasks) \(kind) tasks as a \(shape) on \(options.effectiveWorkers) worker(s) × "
                  + "\(options.effectiveConcurrency) slots ...")
        }
        let report = try await RunBenchmark.run(options)
        print(json ? try JSONOutput.encode(report, pretty: false) : report.summary)
        if !report.allSucceeded { throw ExitCode(1) }
    }
}
