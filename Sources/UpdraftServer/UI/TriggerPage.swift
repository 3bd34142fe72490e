import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `/dags/{dag_id}/trigger`: a form built from the DAG's `params` (a typed field per
/// param, its default filled in), an optional logical date and run id, and raw conf JSON;
/// the script posts it to `POST /api/v1/dags/{dag_id}/dagRuns` and opens the grid of the
/// new run. Shown to operators and admins only (a viewer gets a 403 page, and the API
/// refuses the POST anyway).
enum TriggerPage {
    /// One form field for a param: its input type and initial value.
    struct Field: Sendable, Equatable {
        var name: String
        /// `bool`, `int`, `number`, `string` or `json` (objects, arrays, null).
        var type: String
        var value: String
    }

    /// The fields of `params`, by name.
    static func fields(_ params: [String: JSONValue]) -> [Field] {
        params.keys.sorted().map { key in
            switch params[key]! {
            case .bool(let b): Field(name: key, type: "bool", value: b ? "true" : "false")
            case .int(let i): Field(name: key, type: "int", value: String(i))
            case .double(let d): Field(name: key, type: "number", value: String(d))
            case .string(let s): Field(name: key, type: "string", value: s)
            case let other:
                Field(name: key, type: "json",
                      value: (try? String(decoding: JSONEncoder.api.encode(other), as: UTF8.self)) ?? "null")
            }
        }
    }

    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        let (record, dag) = try await DagHeader.load(context, backend)
        guard viewer.canOperate else {
            throw APIProblem(.forbidden, "user '\(viewer.username ?? "")' has role \(viewer.role): triggering needs operator or higher")
        }
        var h = DagHeader.html(record, dag, active: "trigger", viewer: viewer)
        h += "<form class=trigger id=trigger><h2>Trigger a run</h2>"
        let params = fields(dag?.params ?? [:])
        if params.isEmpty { h += "<p class=muted>This DAG declares no params.</p>" }
        for p in params {
            let id = "param-" + HTML.urlPart(p.name), name = HTML.escape(p.name), value = HTML.escape(p.value)
            h += "<label for=\"\(id)\">\(name) <span class=muted>(\(p.type))</span></label>"
            switch p.type {
            case "bool":
                h += "<input type=checkbox id=\"\(id)\" data-param=\"\(name)\" data-type=bool\(p.value == "true" ? " checked" : "")>"
            case "int", "number":
                h += "<input type=number id=\"\(id)\" data-param=\"\(name)\" data-type=\(p.type) value=\"\(value)\"\(p.type == "number" ? " step=any" : "")>"
            case "json":
                h += "<textarea id=\"\(id)\" data-param=\"\(name)\" data-type=json>\(value)</textarea>"
            default:
                h += "<input type=text id=\"\(id)\" data-param=\"\(name)\" data-type=string value=\"\(value)\" size=40>"
            }
        }
        h += "<label for=logical_date>Logical date <span class=muted>(optional, ISO 8601, e.g. 2026-03-01T06:00:00Z; default now)</span></label>"
        h += "<input type=text id=logical_date name=logical_date size=30>"
        h += "<label for=run_id>Run id <span class=muted>(optional)</span></label><input type=text id=run_id name=run_id size=40>"
        h += "<label for=conf>Conf JSON <span class=muted>(optional object; its keys win over the fields above)</span></label>"
        h += "<textarea id=conf name=conf placeholder=\"{}\"></textarea>"
        h += "<p><button class=primary type=submit id=trigger-submit>Trigger</button> <span class=error id=trigmsg role=alert></span></p></form>"
        return UIPage.response(UIPage.render(title: "Trigger \(record.dagId)", page: "trigger", dagId: record.dagId, viewer: viewer, body: h))
    }
}
