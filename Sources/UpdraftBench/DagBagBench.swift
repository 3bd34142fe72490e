import Foundation
import UpdraftCore
import UpdraftLoader

/// `updraft bench dagbag`: how long loading a DAG folder takes (read, parse YAML,
/// assemble, validate, templates included) and how much memory it needs.
public enum DagBagBench {
    /// The outcome of a benchmark.
    public struct Report: Sendable, Codable, Equatable {
        /// DAG files generated.
        public var files: Int
        /// Tasks in each file.
        public var tasksPerFile: Int
        /// Median wall time of one full load, in seconds.
        public var loadSeconds: Double
        /// Every load's wall time, in seconds.
        public var loadsSeconds: [Double]
        /// Peak resident memory of the process, in MB.
        public var peakRSSMB: Double
        /// DAGs in the bag after the last load.
        public var dagsLoaded: Int
        /// Tasks in the bag after the last load.
        public var tasksLoaded: Int
        /// Files that did not load (must be 0: the generator writes valid DAGs).
        public var importErrors: Int

        enum CodingKeys: String, CodingKey {
            case files, tasksPerFile = "tasks_per_file", loadSeconds = "load_s", loadsSeconds = "loads_s"
            case peakRSSMB = "peak_rss_mb", dagsLoaded = "dags_loaded", tasksLoaded = "tasks_loaded"
            case importErrors = "import_errors"
        }
    }

    /// Writes `files` DAG files of `tasksPerFile` tasks into a fresh temporary folder,
    /// loads it `loads` times with ``DagBag/load(folder:)``, and removes the folder.
    public static func run(files: Int, tasksPerFile: Int, loads: Int) async throws -> Report {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-bench-dagbag-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for team in 0..<min(files, 10) {
            try FileManager.default.createDirectory(atPath: "\(folder)/team\(team)", withIntermediateDirectories: true)
        }
        for i in 0..<files {
            let text = DagFileGenerator.file(index: i, tasks: tasksPerFile)
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/team\(i % 10)/dag_\(i).yml"))
        }
        var times: [Double] = []
        var last = DagBag(folder: folder)
        let clock = ContinuousClock()
        for _ in 0..<max(1, loads) {
            let start = clock.now
            last = try await DagBag.load(folder: folder)
            let elapsed = clock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let sorted = times.sorted()
        return Report(files: files, tasksPerFile: tasksPerFile, loadSeconds: sorted[sorted.count / 2],
                      loadsSeconds: times, peakRSSMB: PeakMemory.megabytes(), dagsLoaded: last.dags.count,
                      tasksLoaded: last.dags.reduce(0) { $0 + $1.tasks.count }, importErrors: last.importErrors.count)
    }
}

/// The process's peak resident set size.
public enum PeakMemory {
    /// `VmHWM` from /proc/self/status, else `getrusage`'s `ru_maxrss`, in MB.
    public static func megabytes() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kb / 1024
        }
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }
}
