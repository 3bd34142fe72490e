import Foundation
import UpdraftCore
import UpdraftStore

/// The lines `updraft standalone` prints so a newcomer sees runs start and finish:
/// one per DAG-run state change and one per failed or up_for_retry try.
///
/// ```
/// [2026-11-30T09:00:01Z] run hello_every_minute scheduled__2026-11-30T08:59:00+00:00 success in 1.2s
/// [2026-11-30T09:00:03Z] task flaky manual__... fail_once try 1 up_for_retry (next try at 09:00:05Z): exit code 1
/// ```
struct ConsoleReporter: Sendable {
    /// Writes one line to standard output.
    func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func stamp(_ date: Date) -> String { ISOTimestamp.format(date, in: .gmt).replacingOccurrences(of: "+00:00", with: "Z") }

    /// A run state change.
    static func runLine(_ run: DagRunRecord, now: Date) -> String {
        var line = "[\(stamp(now))] run \(run.dagId) \(run.runId) \(run.state.rawValue)"
        if run.state.isFinished, let start = run.startDate {
            line += String(format: " in %.1fs", now.timeIntervalSince(start))
        }
        return line
    }

    /// A failed or up_for_retry try.
    static func tryLine(_ ti: TaskInstanceRecord, now: Date) -> String {
        var line = "[\(stamp(now))] task \(ti.id.dagId) \(ti.id.runId) \(ti.id.taskId)"
        if ti.id.mapIndex >= 0 { line += "[\(ti.id.mapIndex)]" }
        line += " try \(ti.tryNumber) \(ti.state.rawValue)"
        if ti.state == .upForRetry, let next = ti.nextTryAt { line += " (next try at \(stamp(next)))" }
        if let error = ti.errorMessage { line += ": \(error)" }
        return line
    }
}

/// The lines the scheduler writes into each try's log file around the task's own output.
public enum TaskLogLines {
    /// `*** try 2 started at ... on worker w1 (host h, pid 123)`.
    public static func header(_ ti: TaskInstanceRecord, at date: Date) -> String {
        var where_ = ""
        if let w = ti.workerId { where_ += " on worker \(w)" }
        var detail: [String] = []
        if let h = ti.hostname { detail.append("host \(h)") }
        if let p = ti.pid { detail.append("pid \(p)") }
        if !detail.isEmpty { where_ += " (\(detail.joined(separator: ", ")))" }
        return "*** \(ti.id) try \(ti.tryNumber) started at \(ConsoleReporter.stamp(date))\(where_)"
    }

    /// `*** try 2 ended: success in 0.31s` (+ the error).
    public static func footer(_ ti: TaskInstanceRecord, durationUs: UInt64) -> String {
        let seconds = durationUs > 0 ? Double(durationUs) / 1e6 : (ti.duration ?? 0)
        var line = "*** \(ti.id) try \(ti.tryNumber) ended: \(ti.state.rawValue)" + String(format: " in %.2fs", seconds)
        if let error = ti.errorMessage { line += ": \(error)" }
        return line
    }

    /// What `tasks logs` shows for the latest try of a finished instance that has no log
    /// file (a try that succeeds without output writes none): the header and footer the file
    /// would hold, from the instance's row, around a line saying there is no output.
    public static func withoutOutput(_ ti: TaskInstanceRecord) -> String {
        [
            header(ti, at: ti.startDate ?? ti.endDate ?? Date()),
            "*** no output kept: the try printed nothing (or log retention removed its file)",
            footer(ti, durationUs: 0),
        ].joined(separator: "\n")
    }
}
