import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftCLI

/// `updraft bench idle-rss`: resident memory of an idle `updraft standalone`.
struct BenchIdleRSSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle-rss",
        abstract: "Start `updraft standalone` on a DAG folder in a temporary home and read its resident memory.",
        discussion: """
            Starts this binary as `updraft standalone --dags-folder DIR --home TMP`, waits \
            --seconds (the example DAGs run once at start; give them time to finish), then reads \
            VmRSS and VmHWM from /proc/PID/status of the standalone process (task processes not \
            included), stops it with SIGTERM and removes the home. Target: < 80 MB with the examples.
            """
    )

    @Option(name: .customLong("dags-folder"), help: "DAG folder to load.")
    var dagsFolder = "examples"

    @Option(help: "Seconds to wait before reading the memory.")
    var seconds = 30.0

    @Flag(help: "Print JSON: rss_mb, hwm_mb, seconds, dags_folder, pid.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("invalid --seconds \(seconds): must be in (0, 3600]") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dagsFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--dags-folder '\(dagsFolder)' is not a folder")
        }
    }

    func run() async throws {
        let report = try await IdleRSSProbe.measure(executable: IdleRSSProbe.currentExecutable(),
                                                    dagsFolder: dagsFolder, seconds: seconds)
        if json {
            print(try JSONOutput.encode(report, pretty: false))
        } else {
            print("updraft standalone (pid \(report.pid)) idle after \(Int(report.seconds)) s with \(report.dagsFolder): "
                  + String(format: "RSS %.1f MB (peak %.1f MB)", report.rssMB, report.hwmMB))
        }
    }
}
