import Foundation
import UpdraftStore

/// The scheduler serving a home, as the API finds it: its `scheduler.json`, when the pid
/// there is alive. Read off the cooperative pool (a file read and a `kill(pid, 0)`).
enum RunningScheduler {
    /// The info of the scheduler running for the home whose info file is `infoFile`, or nil.
    static func info(_ infoFile: URL) async -> SchedulerInfo? {
        try? await OffPool.run { () -> SchedulerInfo? in
            guard let info = try? SchedulerInfo.read(from: infoFile), kill(info.pid, 0) == 0 || errno == EPERM else { return nil }
            return info
        }
    }
}
