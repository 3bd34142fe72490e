import Foundation
import Testing
import UpdraftCore

/// Worker nodes on demand across hosts (issue 17): three hosts made of network namespaces
/// (``NetworkHosts``), the scheduler in one, and `--spawn command` starting workers in the
/// other two with `ip netns exec {host} updraft worker ...`, over tcp with CURVE. Each host
/// has its own key, allowed in the store for some queues only: host `a` serves `default`,
/// host `b` serves `default` and `heavy` (the spawn command sends `heavy` there; a worker on
/// `a` asking for `heavy` is refused in its hello). Midway every process of host `a` is
/// SIGKILLed: nothing is lost, and no try of a task runs twice at once.
@Suite("Integration: worker nodes on demand across hosts (network namespaces)", .timeLimit(.minutes(3)))
struct WorkerNodesTests {
    /// Each try writes `TASK TRY NAMESPACE start|end` lines into SCRATCH/nodes.
    static func command(ip: String, sleep: Double) -> String {
        let line = "$UPDRAFT_TASK_ID $UPDRAFT_TRY_NUMBER $(\(ip) netns identify $$)"
        return "echo \"\(line) start\" >> SCRATCH/nodes; sleep \(sleep); echo \"\(line) end\" >> SCRATCH/nodes"
    }

    static func dag(ip: String) -> String {
        var yaml = """
            dag_id: it_nodes
            schedule: null
            default_args: {retries: 3, retry_delay: 1s}
            tasks:

            """
        let defaults = (1...8).map { "d\($0)" }, heavies = (1...3).map { "h\($0)" }
        for id in defaults {
            yaml += "  - task_id: \(id)\n    bash: '\(command(ip: ip, sleep: 3))'\n"
        }
        for id in heavies {
            yaml += "  - task_id: \(id)\n    queue: heavy\n    bash: '\(command(ip: ip, sleep: 2))'\n"
        }
        yaml += "  - task_id: done\n    bash: 'echo done'\n    upstream: [\((defaults + heavies).joined(separator: ", "))]\n"
        return yaml
    }

    /// One try's lines in SCRATCH/nodes.
    struct TryLines: Hashable {
        var task: String
        var tryNumber: Int
        var host: String
        var ended: Bool
    }

    static func tries(_ text: String) -> [TryLines] {
        var byKey: [String: TryLines] = [:]
        var order: [String] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 4, let number = Int(parts[1]) else { continue }
            let key = "\(parts[0])#\(number)"
            if byKey[key] == nil { order.append(key) }
            var entry = byKey[key] ?? TryLines(task: parts[0], tryNumber: number, host: parts[2], ended: false)
            if parts[3] == "end" { entry.ended = true }
            byKey[key] = entry
        }
        return order.compactMap { byKey[$0] }
    }

    @Test("--spawn command starts workers in two other network namespaces with CURVE; heavy only on host b; host a killed mid-run loses nothing")
    func workersOnOtherHosts() async throws {
        try await withCluster("nodes", dags: ["nodes.yml": Self.dag(ip: NetworkHosts.ip)]) { cluster in
            let hosts = try await NetworkHosts.create(workers: ["a", "b"], folder: cluster.root + "/proc")
            do {
                try await Self.scenario(cluster, hosts)
            } catch {
                await hosts.remove(folder: cluster.root + "/proc")
                throw error
            }
            // Before the cluster's shutdown, which deletes the folder the `ip` calls write into.
            let left = await hosts.remove(folder: cluster.root + "/proc")
            #expect(left.isEmpty, "network namespaces left: \(left)")
        }
    }

    static func scenario(_ cluster: Cluster, _ hosts: NetworkHosts) async throws {
        let hostA = hosts.workers[0], hostB = hosts.workers[1]
        let keys = cluster.root + "/keys"
        for (host, queues) in [(hostA, "default"), (hostB, "default,heavy")] {
            let made = try await cluster.run(["keys", "generate", "--out", keys, "--name", host])
            try await cluster.require(made.status == 0, "keys generate \(host): \(made.err)")
            let allowed = try await cluster.run(["workers", "allow", "\(keys)/\(host).pub", "--name", host, "--queues", queues, "--home", cluster.home])
            try await cluster.require(allowed.status == 0, "workers allow \(host): \(allowed.err)")
        }
        let executor = "tcp://\(hosts.serverAddress):7433"
        // heavy goes to host b; every other queue to the next host in turn. Each host's
        // worker uses that host's own key (not the home's {key}).
        let template = "case {queue} in heavy) h=\(hostB);; *) h={host};; esac; "
            + "exec \(NetworkHosts.ip) netns exec $h \(UpdraftBinary.path) worker --connect {endpoint} --queues {queue} "
            + "--id {worker_id} --concurrency {concurrency} --server-key {server_key} --key \(keys)/$h.key"
        try cluster.start("scheduler", inNamespace: hosts.server, [
            "scheduler", "--home", cluster.home, "--dags-folder", cluster.dagsFolder,
            "--executor-endpoint", executor, "--events-endpoint", "tcp://\(hosts.serverAddress):7434",
            "--spawn", "command", "--spawn-command", template, "--spawn-hosts", "\(hostA),\(hostB)",
            "--spawn-endpoint", executor, "--spawn-queues", "default,heavy",
            "--max-workers", "2", "--worker-concurrency", "2", "--idle-timeout", "60",
        ])
        try await cluster.waitForDag("it_nodes")
        let serverKey = cluster.home + "/curve/scheduler.pub"

        // A worker on host a asking for heavy is refused in its hello (its key may serve only default).
        let intruder = try cluster.start("intruder", inNamespace: hostA, [
            "worker", "--connect", executor, "--queues", "heavy", "--id", "intruder",
            "--server-key", serverKey, "--key", "\(keys)/\(hostA).key",
        ])
        let refused = await intruder.waitForExit(timeout: .seconds(30))
        try await cluster.require(refused == 1, "the intruder exited \(refused.map(String.init) ?? "not at all"): \(intruder.stderr)")
        #expect(intruder.stderr.contains("heavy"), "intruder: \(intruder.stderr)")

        let runId = try await cluster.trigger("it_nodes")
        let nodes = cluster.scratch + "/nodes"
        // Host a's workers run default tries: kill every process of host a.
        _ = try await cluster.waitFor("a try running on \(hostA)", timeout: .seconds(60)) {
            let text = (try? String(contentsOfFile: nodes, encoding: .utf8)) ?? ""
            return tries(text).contains { $0.host == hostA && !$0.ended } ? true : nil
        }
        let killed = await NetworkHosts.killAll(in: hostA, folder: cluster.root + "/proc")
        #expect(!killed.isEmpty)

        let run = try await cluster.waitForRun("it_nodes", runId, timeout: .seconds(120))
        try await cluster.require(run.state == .success, "run state \(run.state)")
        let tis = try await cluster.taskInstances("it_nodes", runId)
        #expect(tis.count == 12)
        #expect(tis.values.allSatisfy { $0.state == .success }, "\(tis.values.map { "\($0.id.taskId) \($0.state)" })")
        let all = tries((try? String(contentsOfFile: nodes, encoding: .utf8)) ?? "")
        print("worker nodes: killed \(killed.count) processes on \(hostA); tries: "
              + all.map { "\($0.task)#\($0.tryNumber)@\($0.host.suffix(1))\($0.ended ? "" : " cut")" }.joined(separator: ", ")
              + "; intruder: \(intruder.stderr.split(separator: "\n").last ?? "")")
        // heavy ran only on host b, and every default try on host a or b (never the server).
        for line in all where line.task.hasPrefix("h") {
            #expect(line.host == hostB, "\(line.task) try \(line.tryNumber) ran on \(line.host)")
        }
        #expect(all.allSatisfy { $0.host == hostA || $0.host == hostB }, "\(all)")
        #expect(all.contains { $0.host == hostA }, "no try on \(hostA)")
        // The kill cut at least one try short on host a, and its task was tried again.
        let cut = all.filter { $0.host == hostA && !$0.ended }
        #expect(!cut.isEmpty, "no try cut short on \(hostA): \(all)")
        for line in cut {
            #expect((tis[line.task]?.tryNumber ?? 0) > line.tryNumber, "\(line.task) was not tried again after its try \(line.tryNumber)")
        }
        // No try started twice (a dispatch given to two workers would write two start lines).
        let text = (try? String(contentsOfFile: nodes, encoding: .utf8)) ?? ""
        let starts = text.split(separator: "\n").filter { $0.hasSuffix(" start") }.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(starts.count == Set(starts).count, "a try started twice: \(starts)")
        // The finishing try of each task is the one the store recorded, and it ended.
        for (task, ti) in tis where task != "done" {
            #expect(all.contains { $0.task == task && $0.tryNumber == ti.tryNumber && $0.ended }, "\(task) try \(ti.tryNumber)")
        }
    }
}
