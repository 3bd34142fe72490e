import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// Pools: list, create, one, update, delete. Slots -1 means unlimited.
enum PoolRoutes {
    static var all: [APIRoute] {
        [
            APIRoute(.get, "/pools", list),
            APIRoute(.post, "/pools", create, access: .role(.admin)),
            APIRoute(.get, "/pools/{pool_name}", get),
            APIRoute(.patch, "/pools/{pool_name}", patch, access: .role(.admin)),
            APIRoute(.delete, "/pools/{pool_name}", delete, access: .role(.admin)),
        ]
    }

    static func list(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let page = try RequestInput.page(request)
        let pools = try await backend.store.pools().sorted { $0.name < $1.name }
        let inFlight = try await backend.store.taskInstances(inStates: [.queued, .running])
        return try JSONResponse.make(APIWire.PoolCollection(
            pools: RequestInput.slice(pools, page).map { APIWire.Pool($0, inFlight: inFlight) }, totalEntries: pools.count))
    }

    /// `{"name": N, "slots": S, "description": D}`; 409 when the pool exists.
    static func create(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let body = try await JSONBody.read(request, allowed: ["name", "slots", "description"])
        let name = try body.string("name", required: true) ?? ""
        try checkName(name)
        let slots = try body.int("slots", required: true, in: -1...Int(Int32.max)) ?? 0
        let description = try body.string("description") ?? ""
        if try await backend.store.pools().contains(where: { $0.name == name }) {
            throw APIProblem.conflict("pool '\(name)' already exists (PATCH /pools/\(name) changes it)")
        }
        try await backend.store.setPool(PoolRecord(name: name, slots: slots, description: description))
        return try await respond(name, backend)
    }

    static func get(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        try await respond(try RequestInput.path(context, "pool_name"), backend)
    }

    /// `{"slots": S, "description": D}`, each optional; the name cannot change.
    static func patch(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let name = try RequestInput.path(context, "pool_name")
        let body = try await JSONBody.read(request, allowed: ["slots", "description"])
        let slots = try body.int("slots", in: -1...Int(Int32.max))
        let description = try body.string("description")
        var pool = try await require(name, backend)
        if let slots { pool.slots = slots }
        if let description { pool.description = description }
        try await backend.store.setPool(pool)
        return try await respond(name, backend)
    }

    static func delete(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let name = try RequestInput.path(context, "pool_name")
        if name == "default_pool" { throw APIProblem.conflict("default_pool cannot be deleted (set its slots instead)") }
        guard try await backend.store.deletePool(name: name) else { throw APIProblem.notFound("no pool '\(name)'") }
        return JSONResponse.noContent
    }

    private static func require(_ name: String, _ backend: APIBackend) async throws -> PoolRecord {
        let pools = try await backend.store.pools()
        guard let pool = pools.first(where: { $0.name == name }) else {
            let hint = Suggestion.closest(to: name, in: pools.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw APIProblem.notFound("no pool '\(name)'\(hint)")
        }
        return pool
    }

    private static func respond(_ name: String, _ backend: APIBackend) async throws -> Response {
        let pool = try await require(name, backend)
        let inFlight = try await backend.store.taskInstances(inStates: [.queued, .running])
        return try JSONResponse.make(APIWire.Pool(pool, inFlight: inFlight))
    }

    /// The CLI's rule (non-empty, no whitespace), and no control characters.
    private static func checkName(_ name: String) throws {
        guard !name.isEmpty, !name.contains(where: \.isWhitespace), !IdCheck.hasControlCharacters(name) else {
            throw APIProblem.badRequest("pool name '\(name.debugDescription.dropFirst().dropLast())' must be non-empty "
                + "with no spaces or control characters")
        }
    }
}
