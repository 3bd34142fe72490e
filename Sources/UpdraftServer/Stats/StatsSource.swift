import Foundation
import UpdraftRuntime
import Logging
import UpdraftStore
import UpdraftWire

/// The scheduler's stats endpoint as `GET /api/v1/stats` reads it: one DEALER kept
/// connected (a socket and a loop thread per request would cost more than the snapshot),
/// to the endpoint given or the one in the home's `scheduler.json` (looked up again when
/// none is connected or the scheduler behind it went away).
actor StatsSource {
    private let endpoint: @Sendable () async -> String?
    private var client: StatsClient?
    private var requestID: UInt64 = 0

    /// A source asking `endpoint()` (nil: no scheduler to ask).
    /// The CURVE client settings for a target endpoint (nil: plain).
    private let security: @Sendable (String) async -> CurveSecurity?

    init(endpoint: @escaping @Sendable () async -> String?,
         security: @escaping @Sendable (String) async -> CurveSecurity? = { _ in nil }) {
        self.endpoint = endpoint
        self.security = security
    }

    /// A source for `home`: `explicit`, or the running scheduler's `stats_endpoint`.
    static func forHome(_ home: UpdraftHome, explicit: String?) -> StatsSource {
        let infoFile = home.schedulerInfoFile
        let logger = Logger(label: "updraft.api.stats")
        return StatsSource(endpoint: {
            if let explicit { return explicit }
            guard let stats = await RunningScheduler.info(infoFile)?.statsEndpoint, !stats.isEmpty else { return nil }
            return stats
        }, security: { await RunningScheduler.clientSecurity(home: home, endpoint: $0, logger: logger) })
    }

    /// One snapshot, or a 503 naming why there is none (no scheduler, no answer in time).
    func snapshot(timeout: Duration = .seconds(2)) async throws -> StatsReport {
        let target = await endpoint()
        if let current = client, current.endpoint != target {
            client = nil
            await current.close()
        }
        guard let target else {
            throw APIProblem(.serviceUnavailable, "no scheduler is running for this home (no live scheduler.json with a stats_endpoint)")
        }
        let connected: StatsClient
        if let client {
            connected = client
        } else {
            do {
                connected = try await StatsClient.connect(target, curve: await security(target))
            } catch {
                throw APIProblem(.serviceUnavailable, "cannot connect to the scheduler's stats endpoint \(target): \(error)")
            }
            client = connected
        }
        requestID += 1
        do {
            return StatsReport(try await connected.fetch(requestID: requestID, timeout: timeout), endpoint: target)
        } catch {
            // A DEALER whose peer restarted may hold a stale request: start over next time.
            client = nil
            await connected.close()
            throw APIProblem(.serviceUnavailable, "no stats from \(target) within \(timeout) (is the scheduler running?): \(error)")
        }
    }
}
