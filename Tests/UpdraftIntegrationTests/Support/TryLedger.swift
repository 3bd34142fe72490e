import Foundation

/// What the tries of a chaos test left behind, and the checks against the store.
///
/// Each task appends `KEY start TRY PID PPID TIME` when it starts and `KEY end TRY PID PPID TIME`
/// when it ends (KEY = `task_id:map_index`, PPID = the worker that started it, TIME = Unix
/// seconds with a fraction). A try whose
/// process was killed has no end line: it counts as running until the time its process was
/// seen gone (`gone`, by pid, from a watcher), and until forever when it never was.
///
/// A pure value: the unit tests feed it text and rows.
struct TryLedger: Sendable {
    /// One try seen in the evidence.
    struct Try: Sendable, Hashable, CustomStringConvertible {
        var key: String
        var tryNumber: Int
        var pid: Int
        /// The worker process that started it.
        var parent: Int
        var start: Double
        /// The end line's time, nil when it has none.
        var end: Double?
        /// When the process was seen gone (no end line); nil when never.
        var gone: Double?

        /// The time the try surely stopped running (end line, else seen gone, else +∞).
        var stop: Double { end ?? gone ?? .infinity }

        var description: String {
            let until = end.map { "\($0)" } ?? gone.map { "gone by \($0)" } ?? "no end"
            return "\(key) try \(tryNumber) pid \(pid) \(start)..\(until)"
        }
    }

    /// What the store says about one task instance.
    struct StoredInstance: Sendable, Hashable {
        var state: String
        var tryNumber: Int
        var pid: Int?
    }

    /// Every try, in the order their start lines appear.
    var tries: [Try]
    /// Lines that did not parse (a torn write would show here).
    var badLines: [String]

    /// Parses the evidence; `gone` maps a pid to the time it was seen gone.
    init(text: String, gone: [Int: Double] = [:]) {
        var tries: [Try] = []
        var bad: [String] = []
        var open: [String: Int] = [:]  // "key try pid" → index in tries
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            guard f.count == 6, f[1] == "start" || f[1] == "end", let n = Int(f[2]), let pid = Int(f[3]),
                  let parent = Int(f[4]), let time = Double(f[5]) else {
                bad.append(String(line))
                continue
            }
            let id = "\(f[0]) \(n) \(pid)"
            if f[1] == "start" {
                open[id] = tries.count
                tries.append(Try(key: f[0], tryNumber: n, pid: pid, parent: parent, start: time))
            } else if let index = open.removeValue(forKey: id) {
                tries[index].end = time
            } else {
                bad.append("end without start: \(line)")
            }
        }
        for index in tries.indices where tries[index].end == nil {
            tries[index].gone = gone[tries[index].pid]
        }
        self.tries = tries
        badLines = bad
    }

    /// Pids of tries without an end line (the watcher checks whether they still run).
    var openPids: Set<Int> { Set(tries.filter { $0.end == nil }.map(\.pid)) }

    /// Tries that ended (end line) after their worker was killed (`killed`: worker pid → Unix
    /// time of the SIGKILL): orphans the kill did not stop, with how long they outlived it.
    func outlived(killed: [Int: Double]) -> [(Try, Double)] {
        tries.compactMap { t in
            guard let at = killed[t.parent], let end = t.end, end > at else { return nil }
            return (t, end - at)
        }
    }

    /// Tries by key, sorted by start.
    var byKey: [String: [Try]] {
        Dictionary(grouping: tries, by: \.key).mapValues { $0.sorted { $0.start < $1.start } }
    }

    /// Pairs of tries of one task instance that ran at the same time.
    var overlaps: [(Try, Try)] {
        var found: [(Try, Try)] = []
        for (_, mine) in byKey.sorted(by: { $0.key < $1.key }) {
            for (i, a) in mine.enumerated() {
                for b in mine[(i + 1)...] where b.start < a.stop { found.append((a, b)) }
            }
        }
        return found
    }

    /// Every way the evidence and the store disagree, one sentence each (empty when they agree):
    /// unparsable lines; overlapping tries; a try number seen twice for one instance (a try the
    /// store counts once ran twice); a try number above the store's (a try it does not count);
    /// a task seen that the store does not have; a `success` instance whose final try (the
    /// store's try number) left no start and end lines, or ran as another pid than the store's.
    func problems(store: [String: StoredInstance]) -> [String] {
        var problems = badLines.map { "unparsable evidence line: \($0)" }
        for (a, b) in overlaps { problems.append("ran twice at once: \(a) and \(b)") }
        for (key, mine) in byKey.sorted(by: { $0.key < $1.key }) {
            let numbers = Dictionary(grouping: mine, by: \.tryNumber)
            for (n, same) in numbers.sorted(by: { $0.key < $1.key }) where same.count > 1 {
                problems.append("\(key): try \(n) ran \(same.count) times: \(same)")
            }
            guard let stored = store[key] else {
                problems.append("\(key): tries seen (\(mine)) but no such task instance in the store")
                continue
            }
            for t in mine where t.tryNumber > stored.tryNumber {
                problems.append("\(key): \(t) ran, but the store counts \(stored.tryNumber) tries (\(stored.state))")
            }
        }
        let tries = byKey
        for (key, stored) in store.sorted(by: { $0.key < $1.key }) where stored.state == "success" {
            let final = (tries[key] ?? []).filter { $0.tryNumber == stored.tryNumber }
            let ended = final.filter { $0.end != nil }
            guard !ended.isEmpty else {
                problems.append("\(key): the store's try \(stored.tryNumber) (\(stored.state)) left no start and end lines: \(final)")
                continue
            }
            if let pid = stored.pid, pid != 0, !ended.contains(where: { $0.pid == pid }) {
                problems.append("\(key): the store's try \(stored.tryNumber) ran as pid \(pid), the evidence says \(ended)")
            }
        }
        return problems
    }
}
