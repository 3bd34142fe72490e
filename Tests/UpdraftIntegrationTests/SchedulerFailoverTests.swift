import Foundation
import Testing
import UpdraftBrowser
import UpdraftCore
import UpdraftPostgresTesting
import UpdraftStore

/// Several `updraft scheduler` processes on one real PostgreSQL store (issue 13): one holds
/// the scheduler lease and schedules, the others stand by; workers list every scheduler's
/// executor (`--connect` repeated). SIGKILL of the active one: a standby takes the lease
/// once its term runs out, the workers move to it with their running tries, and the run
/// ends with every task instance done, none lost, no two tries of one instance at once
/// (``ChaosRun/verify()``: the evidence the tasks wrote agrees with the store).
@Suite("Integration: schedulers on one PostgreSQL store, the active one killed", .serialized, .timeLimit(.minutes(4)))
struct SchedulerFailoverTests {
    /// A fresh database on the test PostgreSQL server and its `postgres://` URL (password in clear).
    static func freshStore() async throws -> (PostgresLocation, String) {
        let location = try await TestPostgres.shared().freshDatabase()
        return (location, location.urlWithPassword)
    }

    /// Start the schedulers and wait until `first` is active and the others stand by.
    static func startSchedulers(_ cluster: Cluster, count: Int) async throws -> [(process: ManagedProcess, endpoint: String)] {
        var schedulers: [(process: ManagedProcess, endpoint: String)] = []
        for n in 1...count {
            let endpoint = n == 1 ? cluster.executorEndpoint : LoopbackPort.endpoint()
            let process = try cluster.start("scheduler-\(n)", [
                "scheduler", "--home", cluster.home, "--dags-folder", cluster.dagsFolder,
                "--executor-endpoint", endpoint, "--events-endpoint", n == 1 ? cluster.eventsEndpoint : LoopbackPort.endpoint(),
            ])
            schedulers.append((process, endpoint))
            let line = n == 1 ? "scheduler lease acquired" : "standby: the scheduler lease is held by"
            _ = try await cluster.waitFor("scheduler-\(n) to say '\(line)'", timeout: .seconds(30)) {
                process.stdout.contains(line) ? true : nil
            }
        }
        return schedulers
    }

    @Test("2 schedulers + 3 workers: the active scheduler SIGKILLed mid-run; the standby takes over within 15 s and the run succeeds, no try twice at once")
    func standbyTakesOver() async throws {
        let monkey = ChaosMonkey(salt: 13)
        print("chaos seed \(monkey.seed) for standbyTakesOver (UPDRAFT_CHAOS_SEED=\(monkey.seed) replays it)")
        let dag = ChaosDag(dagId: "it_failover", chains: 2, chainLength: 8, fanOut: 120, longTasks: 2, longSleep: 8)
        let yaml = dag.yaml(using: &monkey.rng)
        let (location, url) = try await Self.freshStore()
        try await withCluster("failover", dags: ["failover.yml": yaml], storeURL: url) { cluster in
            let store = try await PostgresStore.open(location)
            let pools = try await cluster.run(["pools", "set", dag.pool, "6", "--home", cluster.home])
            try await cluster.require(pools.status == 0, "pools set: \(pools.err)")
            let schedulers = try await Self.startSchedulers(cluster, count: 2)
            let endpoints = schedulers.map(\.endpoint)
            var workers: [ManagedProcess] = []
            for n in 1...3 {
                workers.append(try cluster.start("worker-w\(n)", ["worker", "--id", "w\(n)", "--concurrency", "3"]
                                                 + endpoints.flatMap { ["--connect", $0] }))
            }
            _ = try await cluster.waitFor("DAG \(dag.dagId) registered") {
                try await store.dags().contains { $0.dagId == dag.dagId } ? true : nil
            }
            let runId = try await cluster.trigger(dag.dagId)
            let chaos = try ChaosRun(cluster: cluster, dag: dag, runId: runId, monkey: monkey, store: store)
            try await chaos.waitUntil("the long tasks and the fan-out to start") { chaos.started("long1") && chaos.started("f0") }
            try await Task.sleep(for: monkey.seconds(1...2))
            #expect(!schedulers[1].process.stdout.contains("scheduler lease acquired"), "the standby stayed standing by")
            let killedAt = ContinuousClock.now
            monkey.signal(SIGKILL, schedulers[0].process.pid, "active scheduler scheduler-1")
            _ = try await cluster.waitFor("scheduler-2 to take the lease", timeout: .seconds(30)) {
                schedulers[1].process.stdout.contains("scheduler lease acquired") ? true : nil
            }
            let takeover = ContinuousClock.now - killedAt
            monkey.note("scheduler-2 active \(takeover) after the kill")
            #expect(takeover < .seconds(15), "takeover took \(takeover)")
            let holder = try #require(try await store.schedulerLeaseHolder())
            #expect(holder.pid == schedulers[1].process.pid && holder.lease.token == 2, "\(holder)")
            _ = try await chaos.waitForEnd(timeout: .seconds(150))
            let ledger = try await chaos.verify()
            print(await chaos.summary(ledger))
            for line in schedulers[1].process.stderr.split(separator: "\n") where line.contains("recovery:") {
                print("scheduler-2: \(line)")
            }
            for (n, worker) in workers.enumerated() {
                for line in worker.stderr.split(separator: "\n") where line.contains("executor") {
                    print("w\(n + 1): \(line)")
                }
            }
            #expect(schedulers[1].process.exitStatus == nil, "the new active scheduler is still running")
        }
    }

    @Test("chaos with 2 schedulers: the active one SIGKILLed twice (restarted as a standby), a worker SIGKILLed every 3-6 s")
    func chaosWithTwoSchedulers() async throws {
        let monkey = ChaosMonkey(salt: 14)
        print("chaos seed \(monkey.seed) for chaosWithTwoSchedulers (UPDRAFT_CHAOS_SEED=\(monkey.seed) replays it)")
        let dag = ChaosDag(dagId: "it_chaos_ha", fanOut: 300)
        let yaml = dag.yaml(using: &monkey.rng)
        let (location, url) = try await Self.freshStore()
        try await withCluster("chaos-ha", dags: ["chaos.yml": yaml], storeURL: url) { cluster in
            let store = try await PostgresStore.open(location)
            let pools = try await cluster.run(["pools", "set", dag.pool, "8", "--home", cluster.home])
            try await cluster.require(pools.status == 0, "pools set: \(pools.err)")
            var schedulers = try await Self.startSchedulers(cluster, count: 2)
            let connect = schedulers.flatMap { ["--connect", $0.endpoint] }
            var workers: [ManagedProcess] = []
            var nextWorker = 1
            func startWorker() throws -> ManagedProcess {
                defer { nextWorker += 1 }
                return try cluster.start("worker-w\(nextWorker)", ["worker", "--id", "w\(nextWorker)", "--concurrency", "3"] + connect)
            }
            for _ in 1...3 { workers.append(try startWorker()) }
            _ = try await cluster.waitFor("DAG \(dag.dagId) registered") {
                try await store.dags().contains { $0.dagId == dag.dagId } ? true : nil
            }
            let runId = try await cluster.trigger(dag.dagId)
            let chaos = try ChaosRun(cluster: cluster, dag: dag, runId: runId, monkey: monkey, store: store)
            try await chaos.waitUntil("the fan-out to start") { chaos.started("f") }
            var now = ContinuousClock.now
            let chaosEnd = now + .seconds(60)
            var nextWorkerKill = now + monkey.seconds(3...6)
            var nextSchedulerKill = now + monkey.seconds(1...3)
            var kills = 0, restarts = 0
            while now < chaosEnd, await chaos.ended() == nil {
                if now >= nextWorkerKill, let victim = monkey.pick(Array(workers.indices)) {
                    monkey.signal(SIGKILL, workers[victim].pid, "worker \(workers[victim].name)")
                    workers[victim] = try startWorker()
                    nextWorkerKill = ContinuousClock.now + monkey.seconds(3...6)
                }
                if kills < 2, now >= nextSchedulerKill,
                   let active = try await store.schedulerLeaseHolder(), active.secondsLeft > 0,
                   let index = schedulers.firstIndex(where: { $0.process.pid == active.pid }) {
                    monkey.signal(SIGKILL, active.pid, "active scheduler \(schedulers[index].process.name)")
                    kills += 1
                    _ = await schedulers[index].process.waitForExit(timeout: .seconds(5))
                    restarts += 1
                    let process = try cluster.start("scheduler-r\(restarts)", [
                        "scheduler", "--home", cluster.home, "--dags-folder", cluster.dagsFolder,
                        "--executor-endpoint", schedulers[index].endpoint, "--events-endpoint", LoopbackPort.endpoint(),
                    ])
                    schedulers[index] = (process, schedulers[index].endpoint)
                    monkey.note("restarted \(process.name) (pid \(process.pid)) on \(schedulers[index].endpoint)")
                    nextSchedulerKill = ContinuousClock.now + monkey.seconds(6...10)
                }
                try await chaos.pause(.milliseconds(100))
                now = ContinuousClock.now
            }
            monkey.note("chaos over after \(kills) scheduler kills")
            if kills < 2 { throw await chaos.fail("the run ended before the active scheduler was killed twice") }
            _ = try await chaos.waitForEnd(timeout: .seconds(150))
            let ledger = try await chaos.verify()
            print(await chaos.summary(ledger))
            let holder = try #require(try await store.schedulerLeaseHolder())
            #expect(holder.lease.token == 3, "two takeovers after the first holder: \(holder)")
        }
    }

    @Test("PostgreSQL stopped mid-run (about 4 s) under 2 schedulers: the active one steps down (exit 3), a scheduler takes over once the server is back; the run succeeds, no try twice at once")
    func databaseOutageWithStandby() async throws {
        let monkey = ChaosMonkey(salt: 15)
        print("chaos seed \(monkey.seed) for databaseOutageWithStandby (UPDRAFT_CHAOS_SEED=\(monkey.seed) replays it)")
        let dag = ChaosDag(dagId: "it_outage_ha", chains: 2, chainLength: 10, fanOut: 40)
        let yaml = dag.yaml(using: &monkey.rng)
        let server = try await TestPostgres.dedicated()
        let location = try await server.freshDatabase()
        let url = location.urlWithPassword
        try await withCluster("outage-ha", dags: ["outage.yml": yaml], storeURL: url) { cluster in
            let store = try await PostgresStore.open(location)
            let pools = try await cluster.run(["pools", "set", dag.pool, "4", "--home", cluster.home])
            try await cluster.require(pools.status == 0, "pools set: \(pools.err)")
            var schedulers = try await Self.startSchedulers(cluster, count: 2)
            for n in 1...2 {
                try cluster.start("worker-w\(n)", ["worker", "--id", "w\(n)", "--concurrency", "3"]
                                  + schedulers.flatMap { ["--connect", $0.endpoint] })
            }
            _ = try await cluster.waitFor("DAG \(dag.dagId) registered") {
                try await store.dags().contains { $0.dagId == dag.dagId } ? true : nil
            }
            let runId = try await cluster.trigger(dag.dagId)
            let chaos = try ChaosRun(cluster: cluster, dag: dag, runId: runId, monkey: monkey, store: store)
            try await chaos.waitUntil("the fan-out to start") { chaos.started("f") }
            monkey.note("stopping the PostgreSQL server")
            try await server.stopServer()
            let active = schedulers[0].process
            let status = await active.waitForExit(timeout: .seconds(15))
            #expect(status == 3, "the active scheduler steps down when its lease cannot be renewed and a standby waits\n\(active.diagnostics)")
            try await Task.sleep(for: .seconds(2))
            try await server.startServer()
            monkey.note("PostgreSQL started again; scheduler-1 exited \(String(describing: status))")
            // Its supervisor would start it again: it comes back as a standby (or active, if first).
            let restarted = try cluster.start("scheduler-1b", [
                "scheduler", "--home", cluster.home, "--dags-folder", cluster.dagsFolder,
                "--executor-endpoint", schedulers[0].endpoint, "--events-endpoint", LoopbackPort.endpoint(),
            ])
            schedulers[0] = (restarted, schedulers[0].endpoint)
            _ = try await chaos.waitForEnd(timeout: .seconds(120))
            let ledger = try await chaos.verify()
            print(await chaos.summary(ledger))
            let holder = try #require(try await store.schedulerLeaseHolder())
            #expect(holder.lease.token >= 2 && holder.secondsLeft > 0, "a scheduler holds the lease after the outage: \(holder)")
            await store.close()
        }
    }

    @Test("SIGTERM to the active scheduler: it stops cleanly (exit 0) and releases the lease; the standby is active within 2 s")
    func cleanStopHandsOver() async throws {
        let dag = "dag_id: it_handover\nschedule: null\ntasks:\n  - task_id: t1\n    bash: \"true\"\n"
        let (_, url) = try await Self.freshStore()
        try await withCluster("handover", dags: ["handover.yml": dag], storeURL: url) { cluster in
            let schedulers = try await Self.startSchedulers(cluster, count: 2)
            let stoppedAt = ContinuousClock.now
            schedulers[0].process.signal(SIGTERM)
            _ = try await cluster.waitFor("scheduler-2 to take the lease", timeout: .seconds(30)) {
                schedulers[1].process.stdout.contains("scheduler lease acquired") ? true : nil
            }
            let handover = ContinuousClock.now - stoppedAt
            #expect(handover < .seconds(2), "handover took \(handover)")
            #expect(await schedulers[0].process.waitForExit(timeout: .seconds(10)) == 0, "\(schedulers[0].process.diagnostics)")
        }
    }

    @Test("a scheduler whose lease another one took (its process frozen past the term) exits with status 3 when it wakes (its commits are fenced)")
    func frozenSchedulerStepsDown() async throws {
        let dag = "dag_id: it_frozen\nschedule: null\ntasks:\n  - task_id: t1\n    bash: \"sleep 0.2\"\n"
        let (location, url) = try await Self.freshStore()
        try await withCluster("frozen", dags: ["frozen.yml": dag], storeURL: url) { cluster in
            let store = try await PostgresStore.open(location)
            let schedulers = try await Self.startSchedulers(cluster, count: 2)
            let first = schedulers[0].process
            first.signal(SIGSTOP)
            _ = try await cluster.waitFor("scheduler-2 to take the lease", timeout: .seconds(30)) {
                schedulers[1].process.stdout.contains("scheduler lease acquired") ? true : nil
            }
            first.signal(SIGCONT)
            guard let status = await first.waitForExit(timeout: .seconds(20)) else {
                throw ClusterError("scheduler-1 did not stop after losing its lease\n\(first.diagnostics)")
            }
            #expect(status == 3, "\(first.diagnostics)")
            #expect(first.stderr.contains("this scheduler stops at once"), "\(first.diagnostics)")
            #expect(try await store.schedulerLeaseHolder()?.pid == schedulers[1].process.pid)
            // The new active one schedules: a worker of both and a trigger run to success.
            try cluster.start("worker-w1", ["worker", "--id", "w1"] + schedulers.flatMap { ["--connect", $0.endpoint] })
            let runId = try await cluster.trigger("it_frozen")
            let state = try await cluster.waitFor("the run to succeed", timeout: .seconds(60)) {
                try await store.dagRun(dagId: "it_frozen", runId: runId).flatMap { $0.state.isFinished ? $0.state : nil }
            }
            #expect(state == .success)
        }
    }
}
