import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `/variables`: every variable; the value of a sensitive one (marked `--sensitive`, or a
/// secret-named key: `password`, `token`...) is never sent to the browser (`***`), as in the API.
enum VariablesPage {
    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        let marked = try await backend.store.sensitiveVariableKeys()
        let variables = try await backend.store.variables().sorted { $0.key < $1.key }
            .map { APIWire.Variable(key: $0.key, value: $0.value, marked: marked) }
        var h = "<h1>Variables <small>\(variables.count)</small></h1><table class=list id=variables><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>"
        for v in variables {
            h += "<tr><td><code>\(HTML.escape(v.key))</code></td><td><code>\(HTML.escape(v.value))</code></td></tr>"
        }
        h += "</tbody></table>"
        if variables.isEmpty { h += "<p class=muted>No variables (updraft variables set KEY VALUE).</p>" }
        return UIPage.response(UIPage.render(title: "Variables", page: "variables", viewer: viewer, body: h))
    }
}
