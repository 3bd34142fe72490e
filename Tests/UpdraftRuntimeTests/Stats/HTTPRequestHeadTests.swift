import Testing
@testable import UpdraftRuntime

@Suite("Metrics endpoint: request checks")
struct HTTPRequestHeadTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("GET /metrics (with a query) is accepted")
    func accepted() {
        let result = HTTPRequestHead.parse(bytes("GET /metrics?x=1 HTTP/1.1\r\nHost: a"))
        #expect((try? result.get()) == HTTPRequestHead(method: "GET", path: "/metrics"))
    }

    @Test("bad requests get a 4xx naming what is wrong", arguments: [
        ("POST /metrics HTTP/1.1", 405, "method POST is not allowed"),
        ("GET /nope HTTP/1.1", 404, "no such path '/nope'"),
        ("hello", 400, "malformed request line 'hello'"),
        ("GET /metrics SPDY/3", 400, "malformed request line"),
    ])
    func refused(line: String, status: Int, message: String) {
        guard case .failure(let problem) = HTTPRequestHead.parse(bytes(line + "\r\n")) else {
            Issue.record("\(line) was accepted")
            return
        }
        #expect(problem.status == status)
        #expect(problem.message.contains(message))
    }

    @Test("an oversized head is refused with 431")
    func oversized() {
        let head = [UInt8](repeating: 65, count: HTTPRequestHead.maxBytes + 1)
        guard case .failure(let problem) = HTTPRequestHead.parse(head) else {
            Issue.record("accepted")
            return
        }
        #expect(problem.status == 431)
    }
}
