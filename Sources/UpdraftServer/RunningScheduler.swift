import Foundation
import Logging
import UpdraftRuntime
import UpdraftStore
import UpdraftWire

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

    /// The CURVE client settings for this home's API server connecting to `endpoint` of its
    /// scheduler: nil for inproc:// and for a scheduler that serves plaintext (its
    /// scheduler.json has no `curve_server_key`); else the home's `curve/client.key` with that
    /// server key (or `curve/scheduler.pub` when no scheduler.json is there). Read off the pool.
    static func clientSecurity(home: UpdraftHome, endpoint: String, logger: Logger) async -> CurveSecurity? {
        if endpoint.hasPrefix("inproc://") { return nil }
        do {
            return try await OffPool.run { () throws -> CurveSecurity? in
                let info = try? SchedulerInfo.read(from: home.schedulerInfoFile)
                if let info, info.curveServerKey == nil { return nil }
                return try HomeCurveKeys(home: home).clientSecurity(serverKey: try info?.curveServerKey.map { try CurveKey(z85: $0) })
            }
        } catch {
            logger.warning("CURVE keys for \(endpoint): \(error)")
            return nil
        }
    }
}
