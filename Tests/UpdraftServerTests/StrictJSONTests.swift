import Foundation
import Testing
@testable import UpdraftServer

@Suite("Strict JSON request bodies")
struct StrictJSONTests {
    /// Tests/Fuzz/regressions/http/invalid-utf8-key.json: `{"\u{96}lots": 8}`, a lone
    /// continuation byte in a key.
    static let notUTF8: [UInt8] = [0x7B, 0x22, 0x96, 0x6C, 0x6F, 0x74, 0x73, 0x22, 0x3A, 0x20, 0x38, 0x7D]

    @Test("a body that is not UTF-8 is refused at its first bad byte (fuzz regression)")
    func invalidUTF8() throws {
        let error = try #require(throws: StrictJSON.SyntaxError.self) { try StrictJSON.validate(Self.notUTF8) }
        #expect(error.offset == 2)
        #expect(error.description == "invalid UTF-8 at byte 2")
        let problem = try #require(throws: APIProblem.self) { try JSONBody.parse(Data(Self.notUTF8), allowed: ["slots"]) }
        #expect(problem.status == .badRequest)
        #expect(problem.detail == "request body is not valid JSON: invalid UTF-8 at byte 2")
    }

    @Test("UTF-8 text in keys and values is still accepted")
    func validUTF8() throws {
        try StrictJSON.validate(Array(#"{"é": "🙂 ü", "a": ["\u00e9"]}"#.utf8))
    }

    @Test("a number beyond ±1.8e308 is refused where it starts (fuzz regression)", arguments: [
        ("6e910", 0), (#"{"slots": -999e999}"#, 10), ("[1, 166666665.1111E122238222222]", 4),
    ])
    func outOfRangeNumber(text: String, offset: Int) throws {
        let error = try #require(throws: StrictJSON.SyntaxError.self) { try StrictJSON.validate(Array(text.utf8)) }
        #expect(error.description == "number out of range (beyond ±1.8e308) at byte \(offset)")
    }

    @Test("large but finite numbers are still accepted")
    func largeNumbers() throws {
        try StrictJSON.validate(Array("[1.7e308, -1e-400, 123456789012345678901234567890]".utf8))
    }
}
