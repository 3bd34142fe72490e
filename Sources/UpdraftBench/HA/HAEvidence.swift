import Foundation

/// What the tasks of `bench ha` append to one file: a start and an end line per try,
/// `DAG RUN TASK TRY start|end UNIX_NANOS`. A pure reader: it judges the lines (tries run
/// twice at once, tries cut short) without the store or the processes.
public struct HAEvidence: Sendable {
    /// One line.
    public struct Line: Sendable, Hashable {
        public var instance: String
        public var tryNumber: Int
        public var isStart: Bool
        public var at: Double

        /// A line.
        public init(instance: String, tryNumber: Int, isStart: Bool, at: Double) {
            self.instance = instance
            self.tryNumber = tryNumber
            self.isStart = isStart
            self.at = at
        }
    }

    public private(set) var lines: [Line] = []
    private var partial = ""

    /// No lines yet.
    public init() {}

    /// The shell command of a task that leaves its evidence in `file`, sleeping `sleep`
    /// seconds between its start and end lines.
    public static func command(file: String, sleep: Double = 0) -> String {
        let key = "$UPDRAFT_DAG_ID $UPDRAFT_RUN_ID $UPDRAFT_TASK_ID $UPDRAFT_TRY_NUMBER"
        let pause = sleep > 0 ? " sleep \(sleep);" : ""
        return "echo \(key) start $(date +%s%N) >> \(file);\(pause) echo \(key) end $(date +%s%N) >> \(file)"
    }

    /// Adds `text` read from the file (a last line without its newline waits for the rest);
    /// returns the lines it completed. Lines that are not evidence are skipped.
    @discardableResult
    public mutating func feed(_ text: String) -> [Line] {
        var parts = (partial + text).split(separator: "\n", omittingEmptySubsequences: false)
        partial = String(parts.removeLast())
        let new = parts.compactMap(Self.parse)
        lines += new
        return new
    }

    static func parse(_ text: Substring) -> Line? {
        let f = text.split(separator: " ")
        guard f.count == 6, let tryNumber = Int(f[3]), f[4] == "start" || f[4] == "end", let nanos = Double(f[5]) else {
            return nil
        }
        return Line(instance: "\(f[0])/\(f[1])/\(f[2])", tryNumber: tryNumber, isStart: f[4] == "start", at: nanos / 1e9)
    }

    /// Tries that ran twice at once: a try number started twice, or two tries of one instance
    /// whose start-end spans overlap. A try with no end (killed) overlaps nothing: it cannot be
    /// told apart from one killed before the next began.
    public var doubled: [String] {
        var problems: [String] = []
        for (instance, group) in Dictionary(grouping: lines, by: \.instance) {
            var spans: [Int: (start: Double, end: Double?)] = [:]
            for line in group.sorted(by: { $0.at < $1.at }) {
                if line.isStart {
                    if spans[line.tryNumber] != nil { problems.append("\(instance) try \(line.tryNumber) started twice") }
                    spans[line.tryNumber] = (line.at, spans[line.tryNumber]?.end)
                } else {
                    spans[line.tryNumber, default: (line.at, nil)].end = line.at
                }
            }
            let complete = spans.compactMap { t, s in s.end.map { (t, s.start, $0) } }.sorted { $0.1 < $1.1 }
            for (i, a) in complete.enumerated() {
                for b in complete[(i + 1)...] where b.1 < a.2 {
                    problems.append("\(instance) tries \(a.0) and \(b.0) overlap")
                }
            }
        }
        return problems.sorted()
    }

    /// Tries that started and never ended (killed with their worker's process group).
    public var cutShort: Int {
        var open: Set<String> = []
        for line in lines {
            let key = "\(line.instance)#\(line.tryNumber)"
            if line.isStart { open.insert(key) } else { open.remove(key) }
        }
        return open.count
    }

    /// The first start after `time` (Unix seconds) among `lines`.
    public static func firstStart(in lines: [Line], after time: Double) -> Double? {
        lines.filter { $0.isStart && $0.at > time }.map(\.at).min()
    }
}
