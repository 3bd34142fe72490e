import Foundation
import UpdraftCore
import UpdraftProtocol

/// Turns what a finished task left behind into inline XCom values: a bash task's last
/// non-empty stdout line (`return_value`: its JSON when it parses as JSON, else a JSON
/// string), the key/value JSON object in its `$UPDRAFT_XCOM` file (keys there win), or a
/// Swift task's returned value. Every value must fit `maxInlineBytes`.
struct XComCollector: Sendable {
    /// The pushing task instance.
    var taskId: String
    var mapIndex: Int32
    /// Largest inline value in bytes of JSON.
    var maxInlineBytes: Int

    /// The key of a task's return value.
    static let returnValueKey = "return_value"

    /// Values from a bash task: its last stdout line and its `$UPDRAFT_XCOM` file
    /// (nil when the task did not write it). Throws a sentence naming the key or file.
    func collect(lastLine: LastLineTracker, xcomFile: Data?, xcomPath: String) throws(XComFailure) -> [WireXComValue] {
        var values: [String: [UInt8]] = [:]
        if let line = lastLine.text, !line.isEmpty {
            if lastLine.length > lastLine.limit {
                throw XComFailure.oversize(key: Self.returnValueKey, bytes: lastLine.length, limit: maxInlineBytes)
            }
            values[Self.returnValueKey] = Self.jsonOrString(line)
        }
        if let xcomFile, !xcomFile.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            let object: [String: JSONValue]
            do {
                object = try JSONDecoder().decode([String: JSONValue].self, from: xcomFile)
            } catch {
                throw XComFailure(message: "$UPDRAFT_XCOM file \(xcomPath) is not a JSON object of key/value pairs: \(Self.describe(error))")
            }
            for (key, value) in object {
                guard !key.isEmpty else { throw XComFailure(message: "$UPDRAFT_XCOM file \(xcomPath) has an empty key") }
                values[key] = Self.encode(value)
            }
        }
        return try finish(values)
    }

    /// The value a Swift task returned (nil: no XCom).
    func collect(returned: JSONValue?) throws(XComFailure) -> [WireXComValue] {
        guard let returned else { return [] }
        return try finish([Self.returnValueKey: Self.encode(returned)])
    }

    private func finish(_ values: [String: [UInt8]]) throws(XComFailure) -> [WireXComValue] {
        let keys = values.keys.sorted { a, b in
            a == Self.returnValueKey ? b != Self.returnValueKey : (b == Self.returnValueKey ? false : a < b)
        }
        var outputs: [WireXComValue] = []
        for key in keys {
            let json = values[key]!
            if json.count > maxInlineBytes {
                throw XComFailure.oversize(key: key, bytes: json.count, limit: maxInlineBytes)
            }
            outputs.append(.with {
                $0.taskID = taskId
                $0.key = key
                $0.mapIndex = mapIndex
                $0.json = Data(json)
            })
        }
        return outputs
    }

    /// `text` itself when it is valid JSON, else `text` encoded as a JSON string.
    static func jsonOrString(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        if let first = bytes.first, Self.mayStartJSON(first),
           (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) != nil {
            return bytes
        }
        return encode(.string(text))
    }

    private static func mayStartJSON(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            true
        default: false
        }
    }

    /// Compact JSON with sorted keys and unescaped slashes.
    static func encode(_ value: JSONValue) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("null".utf8)
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        }
        if case DecodingError.typeMismatch(_, let context) = error { return context.debugDescription }
        return "\(error)"
    }
}

/// Why a task's XCom values cannot be returned; the task fails with `message`.
struct XComFailure: Error, Sendable, Hashable {
    /// The task's error message.
    var message: String

    /// "XCom 'KEY' is N bytes, over the inline limit of M bytes (max_inline_xcom_bytes)".
    static func oversize(key: String, bytes: Int, limit: Int) -> XComFailure {
        XComFailure(message: "XCom '\(key)' is \(bytes) bytes, over the inline limit of \(limit) bytes (max_inline_xcom_bytes)")
    }
}
