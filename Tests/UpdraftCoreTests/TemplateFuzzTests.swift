import Testing
import UpdraftCore

/// Random templates built from the characters and words the scanner and rewriter care about:
/// nothing may crash, whatever `validate` rejects `render` rejects with the same error, and
/// (for this corpus) whatever `validate` accepts renders, unless it reads a missing variable.
@Suite("Template fuzzing")
struct TemplateFuzzTests {
    private static let fragments = [
        "{{", "}}", "{%", "%}", "{#", "#}", "{", "}", "%", "#", "'", "\"", "\\", "|", "(", ")", "[", "]",
        ",", ".", "=", "-", "+", ":", " ", "\n", "\t", "é", "🙂", "x", "ds", "params.tables", "if", "endif",
        "for t in", "endfor", "else", "ti.xcom_pull", "task_ids=", "key=", "'extract'", "macros.ds_add",
        ".strftime", "upper", "default", "join", "1", "-1", "None", "True", "var.value.bucket", "params[", "...", ".get(", "dag_run.conf", "logical_date", " if ", " else ", "forloop.counter", "empty", "split", "tojson", "replace", "0", "in",
    ]

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: 0..<24)
    func randomTemplatesNeverCrashAndRenderAgreesWithValidate(seed: Int) {
        var generator = Generator(state: UInt64(seed) &* 7919)
        for _ in 0..<400 {
            let length = Int(generator.next() % 24)
            let template = (0..<length).map { _ in
                Self.fragments[Int(generator.next() % UInt64(Self.fragments.count))]
            }.joined()
            let errors = TemplateRenderer.validate(template, location: TemplateFixture.location)
            _ = TemplateRenderer.warnings(template)
            _ = TemplateRenderer.xcomReferences(in: template)
            let rendered = Result { () throws(TemplateError) in
                try TemplateRenderer.render(template, context: TemplateFixture.context, location: TemplateFixture.location)
            }
            for error in errors {
                #expect(error.line >= 1 && error.column >= 1, "\(template.debugDescription): \(error)")
            }
            if errors.isEmpty, case .failure(let error) = rendered, error.code != .missingVariable {
                // With these fragments every other render failure is a syntax problem validate should see.
                Issue.record("validate accepted \(template.debugDescription) but render failed: \(error)")
            }
            if let first = errors.first {
                switch rendered {
                case .success(let text):
                    Issue.record("validate rejected \(template.debugDescription) (\(first)) but render gave \(text.debugDescription)")
                case .failure(let error):
                    #expect(error == first, "\(template.debugDescription)")
                }
            }
        }
    }

    /// Found by the libFuzzer `template` target (Tests/Fuzz/regressions/template): a literal
    /// glued to a name reached Stencil, which split it on its '|' and reported an unknown
    /// filter named after Updraft's internal one, where `validate` found nothing wrong there.
    @Test("a string literal glued to a value is a syntax error for validate and render alike",
          arguments: ["{{ name'a|b' }}", "{{ 'a|b'name }}", "{{ é'x' }}", "{{ 'a''b' }}", "{{ xs[0]'a' }}",
                      "{{ name'a|b' }}{% for t in xs %}"])
    func gluedLiteral(template: String) throws {
        let errors = TemplateRenderer.validate(template, location: TemplateFixture.location)
        let first = try #require(errors.first)
        #expect(first.message.contains("string literal cannot"), "\(errors)")
        #expect(throws: first) {
            try TemplateRenderer.render(template, context: TemplateFixture.context, location: TemplateFixture.location)
        }
    }

    @Test("literals that stand on their own still render, '|' inside them included")
    func literalsOnTheirOwn() {
        #expect(TemplateFixture.render("{{ missing | default('a|b') }}") == "a|b")
        #expect(TemplateFixture.render("{{ 'x|y' }}") == "x|y")
        #expect(TemplateFixture.render("{% if 'a' == 'a' %}yes{% endif %}") == "yes")
        #expect(TemplateFixture.render("{{ params['region'] }}") == TemplateFixture.render("{{ params.region }}"))
    }
}
