import Foundation
import Testing
import UpdraftCore

/// Chaos with real processes over tcp://127.0.0.1 (issue 15): a 400-500-task DAG whose fan-out
/// waits for pool slots, retries on, while workers and schedulers are SIGKILLed (or a worker
/// SIGSTOPped past the heartbeat timeout). Afterwards the store and the evidence the tasks
/// wrote must agree: the run succeeded, nothing is left unfinished, no two tries of one
/// instance overlapped, no try ran that the store does not count (``ChaosRun/verify()``).
/// The randomness is seeded: `UPDRAFT_CHAOS_SEED=N` replays a run (the seed is printed at
/// start and in every failure). Nothing here depends on the length of the recovery grace.
@Suite("Integration: chaos", .serialized, .timeLimit(.minutes(4)))
struct ChaosTests {
    /// The bound for a run to end: about correctness, not speed.
    static let runDeadline: Duration = .seconds(150)
    /// Pool slots of the DAG's pool (fewer than the workers' 3 × 3 slots): most of the
    /// fan-out waits `scheduled`.
    static let poolSlots = 8

    static func setPool(_ cluster: Cluster, _ dag: ChaosDag) async throws {
        let set = try await cluster.run(["pools", "set", dag.pool, String(poolSlots), "--home", cluster.home])
        try await cluster.require(set.status == 0, "pools set: exit \(set.status) \(set.out) \(set.err)")
    }

    @Test("scheduler + 3 workers: SIGKILL a worker every 2-5 s, the scheduler 3 times (once inside the recovery grace)")
    func schedulerAndWorkersKilled() async throws {
        let monkey = ChaosMonkey(salt: 1)
        print("chaos seed \(monkey.seed) for schedulerAndWorkersKilled (UPDRAFT_CHAOS_SEED=\(monkey.seed) replays it)")
        // 450 fan-out tasks over 8 pool slots keep the run busy ~12 s past the fan-out's start,
        // longer than the first two kills take (≤ 3 s, the restart, ≤ 3 s): with batched tcp
        // links a 350-task fan-out once ended before the second kill.
        let dag = ChaosDag(dagId: "it_chaos_cluster", fanOut: 450)
        let yaml = dag.yaml(using: &monkey.rng)
        try await withCluster("chaos-cluster", dags: ["chaos.yml": yaml]) { cluster in
            try await Self.setPool(cluster, dag)
            var scheduler = try cluster.startScheduler(name: "scheduler-1")
            var workers: [(id: String, process: ManagedProcess)] = []
            for n in 1...3 { workers.append(("w\(n)", try cluster.startWorker(id: "w\(n)", concurrency: 3))) }
            var nextId = 4
            try await cluster.waitForDag(dag.dagId)
            let runId = try await cluster.trigger(dag.dagId)
            let chaos = try ChaosRun(cluster: cluster, dag: dag, runId: runId, monkey: monkey)
            try await chaos.waitUntil("the fan-out to start") { chaos.started("f") }
            monkey.note("fan-out started")

            var now = ContinuousClock.now
            let chaosEnd = now + .seconds(60)
            var nextWorkerKill = now + monkey.seconds(2...5)
            var nextSchedulerKill = now + monkey.seconds(1...3)
            var schedulerKills = 0
            while now < chaosEnd, await chaos.ended() == nil {
                if now >= nextWorkerKill, let victim = monkey.pick(workers.indices.map { $0 }) {
                    monkey.signal(SIGKILL, workers[victim].process.pid, "worker \(workers[victim].id)")
                    let id = "w\(nextId)"
                    nextId += 1
                    workers[victim] = (id, try cluster.startWorker(id: id, concurrency: 3))
                    monkey.note("started worker \(id) (pid \(workers[victim].process.pid))")
                    nextWorkerKill = ContinuousClock.now + monkey.seconds(2...5)
                }
                if schedulerKills < 3, now >= nextSchedulerKill {
                    monkey.signal(SIGKILL, scheduler.pid, "scheduler \(scheduler.name)")
                    _ = await scheduler.waitForExit(timeout: .seconds(5))
                    schedulerKills += 1
                    scheduler = try cluster.startScheduler(name: "scheduler-\(schedulerKills + 1)")
                    monkey.note("started \(scheduler.name) (pid \(scheduler.pid))")
                    // The second kill lands 1-3 s after the restart: inside its recovery.
                    nextSchedulerKill = ContinuousClock.now + (schedulerKills == 1 ? monkey.seconds(1...3) : monkey.seconds(5...10))
                }
                try await chaos.pause(.milliseconds(100))
                now = ContinuousClock.now
            }
            monkey.note("chaos over after \(schedulerKills) scheduler kills")
            if schedulerKills < 2 { throw await chaos.fail("the run ended before the scheduler was killed twice") }
            _ = try await chaos.waitForEnd(timeout: Self.runDeadline)
            let ledger = try await chaos.verify()
            print(await chaos.summary(ledger))
        }
    }

    @Test("standalone: SIGKILL a spawned worker every 2-5 s and the standalone process twice (once inside the recovery grace)")
    func standaloneAndSpawnedWorkersKilled() async throws {
        let monkey = ChaosMonkey(salt: 2)
        print("chaos seed \(monkey.seed) for standaloneAndSpawnedWorkersKilled (UPDRAFT_CHAOS_SEED=\(monkey.seed) replays it)")
        let dag = ChaosDag(dagId: "it_chaos_standalone")
        let yaml = dag.yaml(using: &monkey.rng)
        try await withCluster("chaos-standalone", dags: ["chaos.yml": yaml]) { cluster in
            try await Self.setPool(cluster, dag)
            func startStandalone(_ n: Int) throws -> ManagedProcess {
                try cluster.start("standalone-\(n)", [
                    "standalone", "--dags-folder", cluster.dagsFolder, "--home", cluster.home,
                    "--executor-endpoint", cluster.executorEndpoint, "--events-endpoint", cluster.eventsEndpoint,
                    "--max-workers", "3", "--worker-concurrency", "3",
                ])
            }
            var standalone = try startStandalone(1)
            try await cluster.waitForDag(dag.dagId)
            let runId = try await cluster.trigger(dag.dagId)
            let chaos = try ChaosRun(cluster: cluster, dag: dag, runId: runId, monkey: monkey)
            try await chaos.waitUntil("the fan-out to start") { chaos.started("f") }
            monkey.note("fan-out started")

            var now = ContinuousClock.now
            let chaosEnd = now + .seconds(60)
            var nextWorkerKill = now + monkey.seconds(2...5)
            var nextStandaloneKill = now + monkey.seconds(3...6)
            var standaloneKills = 0, workerKills = 0
            while now < chaosEnd, await chaos.ended() == nil {
                if now >= nextWorkerKill {
                    let spawned = ProcTable.children(of: standalone.pid, withArgument: "worker")
                    if let victim = monkey.pick(spawned) {
                        monkey.signal(SIGKILL, victim, "spawned worker \(ProcTable.arguments(victim).drop { $0 != "--id" }.dropFirst().first ?? "?")")
                        workerKills += 1
                    } else {
                        monkey.note("no spawned worker to kill")
                    }
                    nextWorkerKill = ContinuousClock.now + monkey.seconds(2...5)
                }
                if standaloneKills < 2, now >= nextStandaloneKill {
                    monkey.signal(SIGKILL, standalone.pid, "standalone \(standalone.name)")
                    _ = await standalone.waitForExit(timeout: .seconds(5))
                    standaloneKills += 1
                    standalone = try startStandalone(standaloneKills + 1)
                    monkey.note("started \(standalone.name) (pid \(standalone.pid))")
                    nextStandaloneKill = ContinuousClock.now + monkey.seconds(1...3)
                }
                try await chaos.pause(.milliseconds(100))
                now = ContinuousClock.now
            }
            monkey.note("chaos over after \(standaloneKills) standalone kills, \(workerKills) worker kills")
            if standaloneKills < 2 { throw await chaos.fail("the run ended before standalone was killed twice") }
            if workerKills == 0 { throw await chaos.fail("no spawned worker was ever found to kill") }
            _ = try await chaos.waitForEnd(timeout: Self.runDeadline)
            let ledger = try await chaos.verify()
            print(await chaos.summary(ledger))
        }
    }

    @Test("SIGSTOP the worker running a long try past the heartbeat timeout, SIGCONT it: that try is neither counted nor committed twice")
    func stoppedWorkerResumes() async throws {
        let monkey = ChaosMonkey(salt: 3)
        print("chaos seed \(monkey.seed) for stoppedWorkerResumes (UPDRAFT_CHAOS_SEED=\(monkey.seed) replays it)")
        let dag = ChaosDag(dagId: "it_chaos_stop", chains: 2, chainLength: 5, fanOut: 100, longTasks: 1, longSleep: 12)
        let yaml = dag.yaml(using: &monkey.rng)
        try await withCluster("chaos-stop", dags: ["chaos.yml": yaml]) { cluster in
            try await Self.setPool(cluster, dag)
            let scheduler = try cluster.startScheduler()
            var workers: [String: ManagedProcess] = [:]
            for n in 1...3 { workers["w\(n)"] = try cluster.startWorker(id: "w\(n)", concurrency: 3) }
            try await cluster.waitForDag(dag.dagId)
            let runId = try await cluster.trigger(dag.dagId)
            let chaos = try ChaosRun(cluster: cluster, dag: dag, runId: runId, monkey: monkey)
            let store = try cluster.store()
            var victimId = ""
            try await chaos.waitUntil("long0 to run on a worker") {
                let tis = try await store.taskInstances(dagId: dag.dagId, runId: runId)
                guard let long = tis.first(where: { $0.id.taskId == "long0" && $0.state == .running }),
                      let worker = long.workerId, chaos.started("long0") else { return false }
                victimId = worker
                return true
            }
            let victim = try #require(workers[victimId], "long0 runs on \(victimId), none of ours")
            try await chaos.pause(monkey.seconds(0.2...1))
            // Past the executor's 5 s heartbeat timeout (ExecutorConfiguration.heartbeat).
            let stopped = monkey.seconds(7...9)
            monkey.signal(SIGSTOP, victim.pid, "worker \(victimId) for \(stopped)")
            try await chaos.pause(stopped)
            monkey.signal(SIGCONT, victim.pid, "worker \(victimId)")
            _ = try await chaos.waitForEnd(timeout: Self.runDeadline)
            let ledger = try await chaos.verify()
            let schedulerLog = scheduler.stdout + scheduler.stderr
            if !schedulerLog.contains("worker \(victimId) lost") {
                throw await chaos.fail("the executor never declared worker \(victimId) lost: the stop did not outlast the heartbeat timeout")
            }
            let long = try #require(try await store.taskInstances(dagId: dag.dagId, runId: runId).first { $0.id.taskId == "long0" })
            if long.tryNumber < 2 {
                throw await chaos.fail("long0's try 1 ran on the stopped worker, which was declared lost; yet the store counts try \(long.tryNumber) as final")
            }
            print(await chaos.summary(ledger))
        }
    }
}
