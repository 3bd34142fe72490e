import Foundation
import Hummingbird
import NIOCore
import UpdraftCore

/// A request's JSON object body, read strictly: at most ``maxBytes`` (else 413), valid JSON
/// (else 400 with the parser's position), an object, only the fields a route knows (an
/// unknown field is a 400 naming it), each of the expected type (a 400 naming the field
/// and the type it wants).
struct JSONBody: Sendable {
    /// The largest body accepted: 1 MiB.
    static let maxBytes = 1 << 20

    /// The fields of the object.
    let fields: [String: JSONValue]

    /// Reads the body of `request` and checks its field names against `allowed`.
    static func read(_ request: Request, allowed: Set<String>) async throws -> JSONBody {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw APIProblem(.contentTooLarge, "request body of \(length) bytes is over \(maxBytes) bytes (1 MiB)")
        }
        let buffer = try await request.body.collect(upTo: maxBytes)
        return try parse(Data(buffer.readableBytesView), allowed: allowed)
    }

    /// Parses `data` as a JSON object whose keys are all in `allowed`.
    static func parse(_ data: Data, allowed: Set<String>) throws -> JSONBody {
        guard !data.isEmpty else { throw APIProblem.badRequest("request body is empty: expected a JSON object") }
        do {
            try StrictJSON.validate([UInt8](data))
        } catch {
            throw APIProblem.badRequest("request body is not valid JSON: \(error)")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw APIProblem.badRequest("request body is not valid JSON: \(describe(error))")
        }
        guard case .object(let fields) = value else {
            throw APIProblem.badRequest("request body must be a JSON object, not \(kind(of: value))")
        }
        let unknown = fields.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw APIProblem.badRequest("unknown field\(unknown.count == 1 ? "" : "s") "
                + unknown.map { "'\($0)'" }.joined(separator: ", ")
                + " (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        return JSONBody(fields: fields)
    }

    /// A string field; nil when absent (or null and `nullable`).
    func string(_ name: String, required: Bool = false) throws -> String? {
        switch try value(name, required: required) {
        case nil: return nil
        case .string(let s): return s
        case let other?: throw wrongType(name, "a string", other)
        }
    }

    /// A boolean field.
    func bool(_ name: String, required: Bool = false) throws -> Bool? {
        switch try value(name, required: required) {
        case nil: return nil
        case .bool(let b): return b
        case let other?: throw wrongType(name, "a boolean", other)
        }
    }

    /// An integer field within `range`.
    func int(_ name: String, required: Bool = false, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        switch try value(name, required: required) {
        case nil: return nil
        case .int(let i):
            guard let v = Int(exactly: i), range.contains(v) else {
                throw APIProblem.badRequest("field '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), not \(i)")
            }
            return v
        case let other?: throw wrongType(name, "an integer", other)
        }
    }

    /// An object field.
    func object(_ name: String, required: Bool = false) throws -> [String: JSONValue]? {
        switch try value(name, required: required) {
        case nil: return nil
        case .object(let o): return o
        case let other?: throw wrongType(name, "a JSON object", other)
        }
    }

    /// A list of strings.
    func strings(_ name: String, required: Bool = false) throws -> [String]? {
        switch try value(name, required: required) {
        case nil: return nil
        case .array(let items):
            return try items.map {
                guard case .string(let s) = $0 else { throw wrongType(name, "a list of strings", .array(items)) }
                return s
            }
        case let other?: throw wrongType(name, "a list of strings", other)
        }
    }

    /// The raw value; null counts as absent.
    private func value(_ name: String, required: Bool) throws -> JSONValue? {
        switch fields[name] {
        case nil, .null?:
            if required { throw APIProblem.badRequest("missing required field '\(name)'") }
            return nil
        case let value?: return value
        }
    }

    private func wrongType(_ name: String, _ wanted: String, _ got: JSONValue) -> APIProblem {
        APIProblem.badRequest("field '\(name)' must be \(wanted), not \(Self.kind(of: got))")
    }

    /// The JSON type's name of `value`.
    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
