import Testing
import UpdraftCore
@testable import UpdraftCLI

@Suite("--conf JSON reader")
struct ConfJSONParserTests {
    @Test("objects with every value type parse")
    func parsesObjects() throws {
        let object = try ConfJSONParser.parseObject(#" {"s": "a\"b\u00e9", "i": -3, "d": 1.5e2, "b": true, "n": null, "l": [1, {"x": false}], "o": {}} "#)
        #expect(object["s"] == .string("a\"bé"))
        #expect(object["i"] == .int(-3))
        #expect(object["d"] == .double(150))
        #expect(object["b"] == .bool(true))
        #expect(object["n"] == .null)
        #expect(object["l"] == .array([.int(1), .object(["x": .bool(false)])]))
        #expect(object["o"] == .object([:]))
    }

    @Test("errors name line, column and what was expected", arguments: [
        (#"{"a": 1,, }"#, 1, 9, "expected a key in double quotes, found ','"),
        (#"{"a": 1,}"#, 1, 9, "trailing ',' before '}'"),
        (#"{"a" 1}"#, 1, 6, "expected ':' after the key \"a\", found '1'"),
        (#"{"a": tru}"#, 1, 10, "expected 'true'"),
        ("{\"a\": 1,\n \"b\": x}", 2, 7, "expected a value (object, array, string, number, true, false or null), found 'x'"),
        (#"{"a": "open"#, 1, 7, "unterminated string (no closing '\"')"),
        (#"{"a": 1} extra"#, 1, 10, "unexpected 'e' after the end of the object"),
        ("[1, 2]", 1, 1, "expected a JSON object starting with '{'"),
        ("", 1, 1, "expected a JSON object, found nothing"),
        (#"{"a": 1x}"#, 1, 8, "expected ',' or '}' in the object, found 'x'"),
        // Found by the conf fuzz target (Tests/Fuzz/regressions/conf/): infinity became null.
        (#"{"a": -1e309}"#, 1, 7, "number '-1e309' is out of range (a JSON number must be within ±1.8e308)"),
        (#"{"a": 92233720368547737203687547751e308}"#, 1, 7,
         "number '92233720368547737203687547751e308' is out of range (a JSON number must be within ±1.8e308)"),
    ])
    func errors(text: String, line: Int, column: Int, message: String) {
        #expect(throws: ConfJSONParser.SyntaxError(line: line, column: column, message: message)) {
            try ConfJSONParser.parseObject(text)
        }
    }
}
