import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

/// A scheduler over a ``FakeStore`` and a ``ScriptedExecutor`` (the test plays the workers),
/// with a real event bus on an inproc PUB socket and task logs in a temp home.
struct SchedulerHarness {
    let loop: MessageLoop
    let store: FakeStore
    let executor: ScriptedExecutor
    let events: EventPublisher
    let scheduler: Scheduler
    let home: UpdraftHome
    let log: OrderLog
    let runTask: Task<Void, any Error>
    let published: AsyncStream<WireStateChangeEvent>

    static func make(
        _ dags: [Dag], store: FakeStore? = nil, configure: (inout SchedulerConfiguration) -> Void = { _ in }
    ) async throws -> SchedulerHarness {
        let log = store?.log ?? OrderLog()
        let store = store ?? FakeStore(log: log)
        let executor = ScriptedExecutor(log: log)
        let loop = MessageLoop(name: "scheduler-test")
        let events = try await EventPublisher(
            loop: loop, endpoints: ["inproc://scheduler-test-events-\(UUID().uuidString)"], logger: Logger(label: "test"))
        let published = await events.subscribe()
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-sched-\(UUID().uuidString)"))
        var configuration = SchedulerConfiguration()
        configuration.externalChangePoll = .milliseconds(20)
        configuration.retentionMaxAge = nil
        configure(&configuration)
        var logger = Logger(label: "scheduler-test")
        logger.logLevel = .warning
        let scheduler = Scheduler(
            store: store, executor: executor, dags: DagProvider(folder: nil, extraDags: dags), home: home,
            events: events, configuration: configuration, logger: logger)
        try await scheduler.prepare()
        let runTask = Task { try await scheduler.run() }
        return SchedulerHarness(loop: loop, store: store, executor: executor, events: events, scheduler: scheduler,
                                home: home, log: log, runTask: runTask, published: published)
    }

    func trigger(_ dagId: String, conf: [String: JSONValue] = [:]) async throws -> DagRunRecord {
        try await scheduler.trigger(dagId: dagId, conf: conf, logicalDate: Date(timeIntervalSince1970: 1_790_000_000), runType: .manual)
    }

    /// The `n`-th submitted dispatch (0-based), waiting for it.
    func submitted(_ n: Int) async -> WireTaskDispatch {
        await executor.waitForSubmitted(n + 1)
        return await executor.submitted[n].dispatch
    }

    func stop() async {
        await scheduler.stop()
        _ = try? await runTask.value
        await events.close()
        await loop.shutdown()
        try? FileManager.default.removeItem(at: home.root)
    }
}

/// A DAG of bash tasks; `edges` lists (upstream, downstream).
func bashDag(_ dagId: String, _ tasks: [(String, String)], edges: [(String, String)] = [],
             options: [String: TaskDefaults] = [:], expand: [String: TaskExpansion] = [:],
             kinds: [String: TaskKind] = [:]) -> Dag {
    var upstream: [String: [String]] = [:]
    for (from, to) in edges { upstream[to, default: []].append(from) }
    let specs = tasks.map { (id, command) in
        TaskSpec(taskId: id, kind: kinds[id] ?? .bash(BashCommand(command: command)),
                 upstreamIds: upstream[id] ?? [], options: options[id] ?? TaskDefaults(),
                 expand: expand[id])
    }
    return Dag(dagId: dagId, maxActiveTasks: 64, tasks: specs)
}
