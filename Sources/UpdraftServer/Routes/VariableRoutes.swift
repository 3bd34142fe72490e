import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// Variables: list, create, one, update, delete. Values are strings (as in Airflow); the
/// value of a secret-named key reads `***`.
enum VariableRoutes {
    static var all: [APIRoute] {
        [
            APIRoute(.get, "/variables", list),
            APIRoute(.post, "/variables", create, access: .role(.admin)),
            APIRoute(.get, "/variables/{variable_key}", get),
            APIRoute(.patch, "/variables/{variable_key}", patch, access: .role(.admin)),
            APIRoute(.delete, "/variables/{variable_key}", delete, access: .role(.admin)),
        ]
    }

    static func list(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let page = try RequestInput.page(request)
        let all = try await backend.store.variables().sorted { $0.key < $1.key }
        return try JSONResponse.make(APIWire.VariableCollection(
            variables: RequestInput.slice(all, page).map { APIWire.Variable(key: $0.key, value: $0.value) },
            totalEntries: all.count))
    }

    /// `{"key": K, "value": V}`; 409 when the key exists.
    static func create(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let body = try await JSONBody.read(request, allowed: ["key", "value"])
        let key = try body.string("key", required: true) ?? ""
        guard !key.isEmpty, !IdCheck.hasControlCharacters(key) else {
            throw APIProblem.badRequest("field 'key' must not be empty nor contain control characters")
        }
        let value = try body.string("value", required: true) ?? ""
        if try await backend.store.variable(key) != nil {
            throw APIProblem.conflict("variable '\(key)' already exists (PATCH /variables/\(key) changes it)")
        }
        try await backend.store.setVariable(key, value)
        return try JSONResponse.make(APIWire.Variable(key: key, value: value))
    }

    static func get(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let key = try RequestInput.path(context, "variable_key")
        return try JSONResponse.make(APIWire.Variable(key: key, value: try await require(key, backend)))
    }

    /// `{"value": V}`.
    static func patch(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let key = try RequestInput.path(context, "variable_key")
        let body = try await JSONBody.read(request, allowed: ["value"])
        let value = try body.string("value", required: true) ?? ""
        _ = try await require(key, backend)
        try await backend.store.setVariable(key, value)
        return try JSONResponse.make(APIWire.Variable(key: key, value: value))
    }

    static func delete(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let key = try RequestInput.path(context, "variable_key")
        guard try await backend.store.deleteVariable(key) else { throw APIProblem.notFound("no variable '\(key)'") }
        return JSONResponse.noContent
    }

    private static func require(_ key: String, _ backend: APIBackend) async throws -> String {
        guard let value = try await backend.store.variable(key) else { throw APIProblem.notFound("no variable '\(key)'") }
        return value
    }
}
