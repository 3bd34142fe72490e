import Testing
import UpdraftProtocol
import UpdraftWire

@Suite("Message registry")
struct RegistryTests {
    let codec = UpdraftCodec()

    @Test("no two kinds share a code or a name")
    func unique() {
        let codes = MessageKind.allCases.map(\.rawValue)
        let names = MessageKind.allCases.map(\.name)
        #expect(Set(codes).count == codes.count)
        #expect(Set(names).count == names.count)
        #expect(!codes.contains(0))
    }

    @Test("code and name map to each other through the codec", arguments: MessageKind.allCases)
    func codeNameMessage(kind: MessageKind) {
        #expect(codec.typeName(kind.code) == kind.name)
        #expect(MessageKind(name: kind.name) == kind)
        #expect(MessageKind(rawValue: kind.code) == kind)
        let sample = MessageSamples.sample(kind)
        #expect(sample.kind == kind)
        #expect(codec.typeCode(of: sample) == kind.code)
        #expect(type(of: sample.payload) == kind.payloadType)
        #expect(UpdraftMessage(payload: sample.payload) == sample)
    }

    @Test("every message case has a registry entry: the samples cover all kinds once")
    func everyCaseHasCode() {
        let kinds = MessageSamples.all.map(\.kind)
        #expect(kinds == MessageKind.allCases)
    }

    @Test("names are snake_case ASCII", arguments: MessageKind.allCases)
    func snakeCase(kind: MessageKind) {
        #expect(kind.name.allSatisfy { ("a"..."z").contains($0) || $0 == "_" })
    }

    @Test("unknown codes have no name", arguments: [UInt16(0), 1, 14, 99, 0xFFFF])
    func unknownCode(code: UInt16) {
        #expect(codec.typeName(code) == nil)
        #expect(MessageKind(rawValue: code) == nil)
        #expect(MessageKind(name: "no_such_message") == nil)
    }
}
