import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// Variables: list, create, one, update, delete. Values are strings (as in Airflow); the
/// value of a sensitive variable (`is_sensitive`, or a secret-named key) reads `***`.
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
        let marked = try await backend.store.sensitiveVariableKeys()
        return try JSONResponse.make(APIWire.VariableCollection(
            variables: RequestInput.slice(all, page).map { APIWire.Variable(key: $0.key, value: $0.value, marked: marked) },
            totalEntries: all.count))
    }

    /// `{"key": K, "value": V, "is_sensitive": B?}`; 409 when the key exists.
    static func create(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let body = try await JSONBody.read(request, allowed: ["key", "value", "is_sensitive"])
        let key = try body.string("key", required: true) ?? ""
        guard !key.isEmpty, !IdCheck.hasControlCharacters(key) else {
            throw APIProblem.badRequest("field 'key' must not be empty nor contain control characters")
        }
        let value = try body.string("value", required: true) ?? ""
        let sensitive = try body.bool("is_sensitive") ?? false
        if try await backend.store.variable(key) != nil {
            throw APIProblem.conflict("variable '\(key)' already exists (PATCH /variables/\(key) changes it)")
        }
        let isSensitive = try await VariableVault(store: backend.store, home: backend.home).set(key, value, sensitive: sensitive)
        return try JSONResponse.make(APIWire.Variable(key: key, value: value, marked: isSensitive ? [key] : []))
    }

    static func get(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let key = try RequestInput.path(context, "variable_key")
        return try await reply(key, try await require(key, backend), backend)
    }

    /// `{"value": V, "is_sensitive": B?}` (false keeps an existing mark).
    static func patch(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let key = try RequestInput.path(context, "variable_key")
        let body = try await JSONBody.read(request, allowed: ["value", "is_sensitive"])
        let value = try body.string("value", required: true) ?? ""
        let sensitive = try body.bool("is_sensitive") ?? false
        _ = try await require(key, backend)
        let isSensitive = try await VariableVault(store: backend.store, home: backend.home).set(key, value, sensitive: sensitive)
        return try JSONResponse.make(APIWire.Variable(key: key, value: value, marked: isSensitive ? [key] : []))
    }

    static func delete(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let key = try RequestInput.path(context, "variable_key")
        guard try await backend.store.deleteVariable(key) else { throw APIProblem.notFound("no variable '\(key)'") }
        return JSONResponse.noContent
    }

    private static func reply(_ key: String, _ value: String, _ backend: APIBackend) async throws -> Response {
        try JSONResponse.make(APIWire.Variable(key: key, value: value, marked: try await backend.store.sensitiveVariableKeys()))
    }

    private static func require(_ key: String, _ backend: APIBackend) async throws -> String {
        guard let value = try await backend.store.variable(key) else { throw APIProblem.notFound("no variable '\(key)'") }
        return value
    }
}
