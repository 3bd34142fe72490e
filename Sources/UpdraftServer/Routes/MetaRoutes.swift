import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `GET /health` (open: no credentials needed, for load balancers), `GET /version`,
/// `GET /importErrors`.
enum MetaRoutes {
    static var all: [APIRoute] {
        [
            APIRoute(.get, "/health", health, access: .open),
            APIRoute(.get, "/version", version),
            APIRoute(.get, "/importErrors", importErrors),
        ]
    }

    /// The store answers a read, and whether a scheduler serves it: on a store several
    /// schedulers share (PostgreSQL), the holder of the scheduler lease while its term runs,
    /// with its host, executor, token and whether a standby waits; else a live pid in the
    /// home's `scheduler.json`. 200 when the store is readable, 503 otherwise.
    static func health(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let storeOK = (try? await backend.store.externalChangeToken()) != nil
        let scheduler: APIWire.Health.Scheduler
        if let leasing = backend.store as? any SchedulerLeasing {
            let holder = try? await leasing.schedulerLeaseHolder()
            let live = (holder?.secondsLeft ?? -1) > 0
            scheduler = .init(status: live ? "healthy" : "unhealthy", pid: holder?.pid, startedAt: nil,
                              hostname: holder?.hostname, executorEndpoint: holder?.executorEndpoint,
                              leaseToken: holder?.lease.token, leaseSecondsLeft: holder.map { max(0, $0.secondsLeft) },
                              standbySeenSecondsAgo: holder?.secondsSinceContender)
        } else {
            let info = await RunningScheduler.info(backend.home.schedulerInfoFile)
            scheduler = .init(status: info == nil ? "unhealthy" : "healthy", pid: info?.pid,
                              startedAt: APIWire.date(info?.startedAt))
        }
        let body = APIWire.Health(metadatabase: .init(status: storeOK ? "healthy" : "unhealthy"), scheduler: scheduler)
        return try JSONResponse.make(body, status: storeOK ? .ok : .serviceUnavailable)
    }

    static func version(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        try JSONResponse.make(APIWire.Version(version: UpdraftVersion.string, gitVersion: nil))
    }

    static func importErrors(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let page = try RequestInput.page(request)
        let all = try await backend.store.importErrors().sorted { $0.fileLocation < $1.fileLocation }
        let items = all.enumerated().map { index, e in
            APIWire.ImportError(importErrorId: index + 1, filename: e.fileLocation, stackTrace: e.message,
                                timestamp: APIWire.date(e.timestamp))
        }
        return try JSONResponse.make(APIWire.ImportErrors(importErrors: RequestInput.slice(items, page),
                                                          totalEntries: items.count))
    }
}
