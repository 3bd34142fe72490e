import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `/pools`: every pool with its slots and their use (running, queued, open).
enum PoolsPage {
    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        let inFlight = try await backend.store.taskInstances(inStates: [.queued, .running])
        let pools = try await backend.store.pools().sorted { $0.name < $1.name }.map { APIWire.Pool($0, inFlight: inFlight) }
        var h = "<h1>Pools <small>\(pools.count)</small></h1><table class=list id=pools><thead><tr><th>Pool</th><th>Slots</th>"
        h += "<th>Running</th><th>Queued</th><th>Open</th><th>Description</th></tr></thead><tbody>"
        for p in pools {
            h += "<tr><td>\(HTML.escape(p.name))</td><td>\(p.slots < 0 ? "unlimited" : String(p.slots))</td><td>\(p.runningSlots)</td>"
                + "<td>\(p.queuedSlots)</td><td>\(p.openSlots.map(String.init) ?? "∞")</td><td>\(HTML.escape(p.description))</td></tr>"
        }
        h += "</tbody></table>"
        return UIPage.response(UIPage.render(title: "Pools", page: "pools", viewer: viewer, body: h))
    }
}
