import Testing
import UpdraftCore

@Suite("Template value rendering")
struct TemplateValueTests {
    @Test(arguments: [
        (JSONValue.string("plain \"quoted\" \\ text"), #"plain "quoted" \ text"#),
        (.int(-7), "-7"),
        (.double(1.5), "1.5"),
        (.double(10), "10.0"),
        (.bool(false), "false"),
        (.null, ""),
        (.array([.string("a\"b"), .string("line\nbreak\ttab"), .null, .bool(true), .int(3)]),
         #"["a\"b","line\nbreak\ttab",null,true,3]"#),
        (.object(["z": .array([]), "a": .object(["k": .string("\u{01}")])]), #"{"a":{"k":"\u0001"},"z":[]}"#),
        (.string("é🙂"), "é🙂"),
    ])
    func rendersXComValue(value: JSONValue, expected: String) {
        var context = TemplateFixture.context
        context.xcom[XComKey(taskId: "v")] = value
        #expect(TemplateFixture.render("{{ ti.xcom_pull('v') }}", context: context) == expected)
    }

    @Test func rendersJSONOfNestedParamsWithTojson() {
        #expect(TemplateFixture.render("{{ params | tojson }}").hasPrefix(#"{"dry":true,"limit":10,"nested":{"inner":"deep"},"nothing":null,"#))
    }
}
