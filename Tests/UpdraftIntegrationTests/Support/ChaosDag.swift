import Foundation

/// The DAG of a chaos test, written as YAML: a `root`, `chains` chains of `chainLength`
/// tasks after it, a fan-out of `fanOut` tasks after it (all in one pool, so that most wait
/// `scheduled` for a slot), optional `long` tasks after it, and a `join` after every leaf
/// with `trigger_rule: all_done`. Every task is bash, retried (`retries`, `retry_delay`), and
/// appends to `SCRATCH/tries` one line when it starts and one when it ends (see
/// ``TryLedger`` for the format), sleeping in between (0.1–0.3 s, chosen with the seed, or
/// `longSleep` for the long tasks).
struct ChaosDag {
    var dagId: String
    var chains = 4
    var chainLength = 10
    var fanOut = 350
    /// Tasks after `root` that sleep `longSleep` seconds (`long0`, `long1`, …).
    var longTasks = 0
    var longSleep = 12.0
    var pool = "chaos"
    var retries = 5
    var retryDelay = "1s"

    /// The file (in the scratch folder) that tasks append their evidence to.
    static let evidenceFile = "tries"

    /// Every task id, root first, join last.
    var taskIds: [String] {
        ["root"] + chainIds.flatMap { $0 } + fanOutIds + longIds + ["join"]
    }

    var chainIds: [[String]] {
        (0..<chains).map { c in (0..<chainLength).map { "c\(c)_\($0)" } }
    }

    var fanOutIds: [String] { (0..<fanOut).map { String(format: "f%03d", $0) } }
    var longIds: [String] { (0..<longTasks).map { "long\($0)" } }

    /// The bash command of a task sleeping `seconds`: a start line, the sleep, an end line.
    /// `SCRATCH` is replaced by the cluster's scratch folder.
    static func command(sleep seconds: Double) -> String {
        let line = "${UPDRAFT_TASK_ID}:${UPDRAFT_MAP_INDEX} EVENT ${UPDRAFT_TRY_NUMBER} $$ $PPID $(date +%s.%N)"
        let file = "SCRATCH/\(evidenceFile)"
        return "echo \(line.replacingOccurrences(of: "EVENT", with: "start")) >> \(file); "
            + "sleep \(String(format: "%.2f", seconds)); "
            + "echo \(line.replacingOccurrences(of: "EVENT", with: "end")) >> \(file)"
    }

    /// The YAML, with sleeps drawn from `rng`.
    func yaml<R: RandomNumberGenerator>(using rng: inout R) -> String {
        func short() -> Double { Double.random(in: 0.1...0.3, using: &rng) }
        var out = """
            dag_id: \(dagId)
            schedule: null
            default_args: {retries: \(retries), retry_delay: \(retryDelay), pool: \(pool)}
            tasks:

            """
        func task(_ id: String, sleep: Double, upstream: [String], extra: String = "") {
            out += "  - task_id: \(id)\n"
            out += "    bash: \"\(Self.command(sleep: sleep))\"\n"
            if !upstream.isEmpty { out += "    upstream: [\(upstream.joined(separator: ", "))]\n" }
            if !extra.isEmpty { out += "    \(extra)\n" }
        }
        task("root", sleep: short(), upstream: [])
        for chain in chainIds {
            for (i, id) in chain.enumerated() { task(id, sleep: short(), upstream: [i == 0 ? "root" : chain[i - 1]]) }
        }
        for id in fanOutIds { task(id, sleep: short(), upstream: ["root"]) }
        for id in longIds { task(id, sleep: longSleep, upstream: ["root"]) }
        let leaves = chainIds.compactMap(\.last) + fanOutIds + longIds
        task("join", sleep: short(), upstream: leaves, extra: "trigger_rule: all_done")
        return out
    }
}
