import Foundation
import Testing
import UpdraftServer
import Yams

/// `Protocols/openapi.yaml` against what the server registers.
@Suite("API: the OpenAPI spec")
struct OpenAPISpecTests {
    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocols/openapi.yaml").path

    static func spec() throws -> [String: Any] {
        let text = try String(contentsOfFile: specPath, encoding: .utf8)
        return try Yams.load(yaml: text) as? [String: Any] ?? [:]
    }

    static let methods: Set<String> = ["get", "put", "post", "patch", "delete", "head", "options"]

    /// (METHOD, path) -> operation.
    static func operations() throws -> [String: [String: Any]] {
        let paths = try spec()["paths"] as? [String: Any] ?? [:]
        var out: [String: [String: Any]] = [:]
        for (path, item) in paths {
            for (method, operation) in item as? [String: Any] ?? [:] where methods.contains(method) {
                out["\(method.uppercased()) \(path)"] = operation as? [String: Any] ?? [:]
            }
        }
        return out
    }

    @Test("the (method, path) pairs the server registers are exactly the spec's")
    func sameRoutes() throws {
        let served = Set(APIServer.routes.map { "\($0.method) \($0.path)" })
        let specified = Set(try Self.operations().keys)
        #expect(served.count == APIServer.routes.count, "a route is registered twice")
        #expect(served.subtracting(specified).sorted() == [], "served but not in Protocols/openapi.yaml")
        #expect(specified.subtracting(served).sorted() == [], "in Protocols/openapi.yaml but not served")
        #expect(served.count == 39)
    }

    @Test("every operation documents its errors: 400 and 413 with a body, 404 with path parameters, problem JSON")
    func errorsDocumented() throws {
        let spec = try Self.spec()
        let responses = (spec["components"] as? [String: Any])?["responses"] as? [String: Any] ?? [:]
        for name in ["BadRequest", "NotFound", "Conflict", "TooLarge", "Unauthorized", "Forbidden", "TooManyRequests"] {
            let content = (responses[name] as? [String: Any])?["content"] as? [String: Any]
            #expect(content?["application/problem+json"] != nil, "\(name) is not problem JSON")
        }
        for (key, operation) in try Self.operations() {
            let codes = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
            if operation["requestBody"] != nil {
                #expect(codes.isSuperset(of: ["400", "413"]), "\(key) has a body but lacks 400/413: \(codes.sorted())")
            }
            if key.contains("{") {
                #expect(codes.contains("404"), "\(key) has path parameters but no 404")
            }
            #expect(operation["operationId"] is String, "\(key) has no operationId")
            let open = ["GET /api/v1/health", "POST /api/v1/auth/login"].contains(key)
            #expect(open == ((operation["security"] as? [Any])?.isEmpty == true), "\(key): security")
            if !open {
                #expect(codes.isSuperset(of: ["401", "403"]), "\(key) lacks 401/403: \(codes.sorted())")
            }
        }
    }
}
