import UpdraftCore

/// Airflow's pools JSON (`airflow pools export` / `import`): an object of pool name →
/// `{"slots": N, "description": "...", "include_deferred": false}`; slots -1 is unlimited.
///
/// ```json
/// {"small_tables": {"slots": 4, "description": "copies of small tables"}}
/// ```
enum PoolsJSON {
    /// The pools in `text`, or an error naming the pool and the field. `include_deferred`
    /// is accepted for Airflow's files and ignored (Updraft has no deferred state that holds
    /// slots); any other field is an error.
    static func decode(_ text: String) -> Result<[PoolSpec], PoolsJSONError> {
        let object: [String: JSONValue]
        do {
            object = try ConfJSONParser.parseObject(text)
        } catch {
            return .failure(PoolsJSONError("not a JSON object of pools: \(error)"))
        }
        var pools: [PoolSpec] = []
        for name in object.keys.sorted() {
            guard case .object(let fields) = object[name]! else {
                return .failure(PoolsJSONError("pool '\(name)': expected an object with slots and description"))
            }
            if name.isEmpty || name.contains(where: \.isWhitespace) {
                return .failure(PoolsJSONError("pool name '\(name)' must be non-empty with no spaces"))
            }
            if let unknown = fields.keys.sorted().first(where: { !["slots", "description", "include_deferred"].contains($0) }) {
                return .failure(PoolsJSONError("pool '\(name)': unknown field '\(unknown)' (fields: slots, description, include_deferred)"))
            }
            guard case .int(let slots)? = fields["slots"], slots >= -1, slots <= Int64(Int32.max) else {
                return .failure(PoolsJSONError("pool '\(name)': slots must be a whole number ≥ 0, or -1 for unlimited"))
            }
            var description = ""
            switch fields["description"] {
            case nil, .null?: break
            case .string(let text)?: description = text
            default: return .failure(PoolsJSONError("pool '\(name)': description must be a string"))
            }
            switch fields["include_deferred"] {
            case nil, .null?, .bool?: break
            default: return .failure(PoolsJSONError("pool '\(name)': include_deferred must be true or false"))
            }
            pools.append(PoolSpec(name: name, slots: Int(slots), description: description))
        }
        return .success(pools)
    }

    /// `pools` in Airflow's export form, keys sorted.
    static func encode(_ pools: [PoolSpec]) -> String {
        var object: [String: JSONValue] = [:]
        for pool in pools {
            object[pool.name] = .object([
                "slots": .int(Int64(pool.slots)), "description": .string(pool.description), "include_deferred": .bool(false),
            ])
        }
        return (try? JSONOutput.encode(JSONValue.object(object))) ?? "{}"
    }
}

/// Why a pools JSON file was refused (names the pool and the field).
struct PoolsJSONError: Error, CustomStringConvertible, Equatable {
    /// The sentence.
    var description: String
    init(_ description: String) { self.description = description }
}
