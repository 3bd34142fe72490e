import Testing
@testable import UpdraftCore

@Suite("Secret masking")
struct SecretMaskerTests {
    @Test("every occurrence becomes ***, the longer secret first; short values are not masked")
    func mask() {
        let masker = SecretMasker(secrets: ["hunter2-long", "hunter2", "ok", "hunter2"])
        #expect(masker.mask("a hunter2 b hunter2-long c hunter2hunter2") == "a *** b *** c ******")
        #expect(masker.mask("ok stays") == "ok stays")
        #expect(SecretMasker(secrets: []).mask("hunter2") == "hunter2")
        #expect(SecretMasker(secrets: ["pässwörd"]).mask("x pässwörd y") == "x *** y")
    }

    @Test("a secret split across chunks is masked, whatever the split", arguments: 1..<14)
    func split(at cut: Int) {
        let masker = SecretMasker(secrets: ["s3cr3t-value"])
        let text = Array("log: s3cr3t-value; s3cr3t end s3cr3t-value".utf8)
        let pieces = [Array(text[..<min(cut, text.count)]), Array(text[min(cut, text.count)..<min(cut + 9, text.count)]), Array(text[min(cut + 9, text.count)...])]
        var stream = StreamMasker(masker: masker)
        var out: [UInt8] = []
        for piece in pieces { out += stream.feed(piece) }
        out += stream.finish()
        #expect(String(decoding: out, as: UTF8.self) == "log: ***; s3cr3t end ***")
    }

    @Test("nothing is held back without secrets, or when a chunk ends far from any secret")
    func passThrough() {
        var none = StreamMasker(masker: SecretMasker(secrets: []))
        #expect(none.feed(Array("s3cr".utf8)) == Array("s3cr".utf8))
        var stream = StreamMasker(masker: SecretMasker(secrets: ["s3cr3t-value"]))
        #expect(stream.feed(Array("plain text\n".utf8)) == Array("plain text\n".utf8))
        #expect(stream.feed(Array("ends with s3c".utf8)) == Array("ends with ".utf8))
        #expect(stream.finish() == Array("s3c".utf8))
    }

    @Test("Airflow's sensitive names")
    func names() {
        for name in ["db_password", "API_KEY", "my_secret", "slack_token", "PASSWD", "gcp_service_account"] {
            #expect(SensitiveNames.isSensitive(name), "\(name)")
        }
        for name in ["bucket", "region", "report_path"] { #expect(!SensitiveNames.isSensitive(name), "\(name)") }
    }
}
