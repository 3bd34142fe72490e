import Foundation

/// Measures the resident memory of an idle `updraft standalone` child process.
public enum IdleRSSProbe {
    /// What was measured.
    public struct Report: Sendable, Codable, Equatable {
        /// The standalone process.
        public var pid: Int32
        /// The DAG folder it loaded.
        public var dagsFolder: String
        /// Seconds waited before reading.
        public var seconds: Double
        /// VmRSS, MB.
        public var rssMB: Double
        /// VmHWM (peak RSS), MB.
        public var hwmMB: Double

        enum CodingKeys: String, CodingKey {
            case pid, dagsFolder = "dags_folder", seconds, rssMB = "rss_mb", hwmMB = "hwm_mb"
        }
    }

    /// This process's executable (`/proc/self/exe` on Linux).
    public static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Starts `executable standalone --dags-folder DIR --home TMP --api-port 0` (the HTTP API
    /// on, as by default, on a free port so that it never fights over 8080), waits `seconds`,
    /// reads /proc/PID/status, stops it (SIGTERM, then SIGKILL) and removes TMP.
    public static func measure(executable: String, dagsFolder: String, seconds: Double) async throws -> Report {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-idle-rss-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["standalone", "--dags-folder", dagsFolder, "--home", home.path, "--api-port", "0"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        kill(pid, SIGTERM)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(pid, SIGKILL) }
        guard let rss = kilobytes("VmRSS:", in: status), let hwm = kilobytes("VmHWM:", in: status) else {
            throw BenchError("no /proc/\(pid)/status (the standalone process exited early? run "
                + "`\(executable) standalone --dags-folder \(dagsFolder)` to see why)")
        }
        return Report(pid: pid, dagsFolder: dagsFolder, seconds: seconds, rssMB: rss / 1024, hwmMB: hwm / 1024)
    }

    /// The value in kB of a `/proc/PID/status` line such as `VmRSS:   12345 kB`.
    static func kilobytes(_ key: String, in status: String) -> Double? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
    }
}
