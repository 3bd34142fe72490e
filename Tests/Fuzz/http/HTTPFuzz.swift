import Foundation
import UpdraftCore

/// The input as what an HTTP client sends: a JSON request body of the API (`JSONBody.parse`:
/// `StrictJSON.validate`, then `JSONDecoder` into `JSONValue`) and a request head of the
/// metrics endpoint (`HTTPRequestHead.parse`). Properties:
/// - neither traps; `StrictJSON` throws only its `SyntaxError`, with an offset inside the body;
/// - a body `StrictJSON` accepts is JSON to Foundation too (else the API's second 400 would
///   name an error the first check missed), and its value survives `JSONText` and back
///   (an integral double may come back as the equal int, see `same`);
/// - a request head is accepted only as `GET|HEAD /metrics[?...] HTTP/1.x`, and a refusal's
///   status is one of 400, 404, 405, 431.
enum HTTPFuzz {
    static func check(_ bytes: [UInt8]) {
        checkBody(bytes)
        checkHead(bytes)
    }

    static func checkBody(_ bytes: [UInt8]) {
        do {
            try StrictJSON.validate(bytes)
        } catch {
            FuzzCheck.require(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset) of \(bytes.count)")
            return
        }
        let data = Data(bytes)
        FuzzCheck.require((try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil,
                          "StrictJSON accepted what JSONSerialization refuses: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return }
        let written = JSONText.data(value)
        FuzzCheck.require((try? StrictJSON.validate([UInt8](written))) != nil, "JSONText wrote invalid JSON: \(written)")
        let back = try? JSONDecoder().decode(JSONValue.self, from: written)
        FuzzCheck.require(back.map { same($0, value) } == true,
                          "JSON body value changed through JSONText: \(value) -> \(String(decoding: written, as: UTF8.self))")
    }

    /// Equal values, where an integral double and the int of the same value count as equal:
    /// `JSONText` writes 4.4e18 as `4.4e+18`, which `JSONValue`'s decoder reads back as an
    /// int (it tries Int64 before Double). Known and left alone: the number keeps its value.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let i), .double(let d)), (.double(let d), .int(let i)): return Double(i) == d
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        default: return a == b
        }
    }

    static func checkHead(_ bytes: [UInt8]) {
        switch HTTPRequestHead.parse(bytes) {
        case .success(let head):
            FuzzCheck.require(["GET", "HEAD"].contains(head.method) && head.path == "/metrics", "accepted \(head)")
        case .failure(let problem):
            FuzzCheck.require([400, 404, 405, 431].contains(problem.status), "status \(problem.status)")
        }
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func httpFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    HTTPFuzz.check(FuzzCheck.bytes(data, size))
    return 0
}
