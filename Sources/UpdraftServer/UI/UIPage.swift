import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The frame every page shares: head (style, script), the top bar (pages, who is logged
/// in), and helpers to answer with HTML.
enum UIPage {
    /// One page: `body` is already-escaped HTML. `page` names the script's part (`dags`,
    /// `grid`...); `dagId` goes to the script for its API calls; `since` is the event-bus
    /// sequence the page's data is as new as (its live stream resumes from there).
    static func render(title: String, page: String, dagId: String? = nil, since: UInt64? = nil, viewer: UIViewer, body: String) -> String {
        var out = "<!doctype html><html lang=en><head><meta charset=utf-8>"
        out += "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
        out += "<title>\(HTML.escape(title)) · Updraft</title><link rel=stylesheet href=\"/ui/app.css\">"
        out += "<script src=\"/ui/app.js\" defer></script></head>"
        out += "<body data-page=\"\(page)\" data-role=\"\(viewer.role)\"\(dagId.map { " data-dag=\"\(HTML.escape($0))\"" } ?? "")\(since.map { " data-since=\"\($0)\"" } ?? "")>"
        out += "<header class=top><a class=brand href=\"/\">Updraft</a><nav>"
        out += "<a href=\"/\">DAGs</a><a href=\"/pools\">Pools</a><a href=\"/variables\">Variables</a>"
        if viewer.hasWorkersPage { out += "<a href=\"/workers\">Workers</a>" }
        out += "</nav><span class=who>"
        if let name = viewer.username {
            out += "\(HTML.escape(name)) (\(viewer.role)) · <a href=\"#\" id=logout>log out</a>"
        } else if viewer.authOff {
            out += "authentication off (admin)"
        }
        out += "</span></header><main>" + body + "</main></body></html>"
        return out
    }

    /// The legend of state colours.
    static var legend: String {
        "<div class=legend aria-label=\"state colours\">" + StatePalette.colours.map {
            "<span><span class=\"sq s-\($0.state)\"></span>\($0.state)</span>"
        }.joined() + "<span><span class=\"sq s-none\"></span>no state</span></div>"
    }

    /// A `text/html` answer.
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // Scripts only from /ui/app.js (no inline script can run, whatever a page holds);
        // inline style attributes are allowed: the Gantt bars are placed with them.
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A clear error page (bad input, unknown DAG): the status and what was wrong.
    static func error(_ status: HTTPResponse.Status, _ detail: String, viewer: UIViewer) -> Response {
        let body = "<h1>\(status.code) \(HTML.escape(status.reasonPhrase))</h1><p class=error id=problem>\(HTML.escape(detail))</p>"
            + "<p><a href=\"/\">Back to the DAGs</a></p>"
        return response(render(title: "\(status.code)", page: "error", viewer: viewer, body: body), status: status)
    }

    /// The login page (shown with 401 to a browser without a session when auth is on).
    static func login(detail: String?) -> Response {
        var body = "<div class=login><h1>Log in to Updraft</h1><form id=login>"
        body += "<label for=username>Username</label><input id=username name=username autocomplete=username required autofocus>"
        body += "<label for=password>Password</label><input id=password name=password type=password autocomplete=current-password required>"
        body += "<button class=primary type=submit>Log in</button><p class=error id=loginmsg>\(HTML.escape(detail ?? ""))</p></form></div>"
        return response(render(title: "Log in", page: "login", viewer: .loggedOut, body: body), status: .unauthorized)
    }

    /// A static asset.
    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
