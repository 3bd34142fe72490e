import Testing
import UpdraftProtocol
import UpdraftWire

@Suite("Round trips through UpdraftCodec")
struct RoundTripTests {
    let codec = UpdraftCodec()

    @Test("encode to header + body and decode gives the original", arguments: MessageKind.allCases)
    func roundTrip(kind: MessageKind) throws {
        let original = MessageSamples.sample(kind)
        let frames = try codec.encodeFrames(original)
        #expect(frames.count == 2)
        let header = try codec.checkHeader(frames[0])
        #expect(header.version == UpdraftCodec.currentVersion)
        #expect(header.messageType == kind.rawValue)
        #expect(header.flags == 0)
        let decoded = try codec.decodeBody(frames[1], type: header.messageType)
        #expect(decoded == original)
    }

    @Test("a minimal valid message (only required fields) round-trips", arguments: MessageKind.allCases)
    func minimalRoundTrip(kind: MessageKind) throws {
        let minimal = MinimalMessages.minimal(kind)
        #expect(minimal.payload.problems.isEmpty)
        let body = try codec.encodeBody(minimal)
        #expect(try codec.decodeBody(body, type: kind.rawValue) == minimal)
    }

    @Test("the JSON form round-trips", arguments: MessageKind.allCases)
    func jsonRoundTrip(kind: MessageKind) throws {
        let original = MessageSamples.sample(kind)
        let json = try original.jsonString()
        #expect(try UpdraftMessage(kind: kind, jsonString: json) == original)
    }

    @Test("unknown fields from a newer peer are kept, not rejected")
    func unknownFieldsSurvive() throws {
        // Field 99, varint 1: a field this version does not define.
        let body = try codec.encodeBody(MessageSamples.sample(.heartbeat)) + [0x98, 0x06, 0x01]
        let decoded = try codec.decodeBody(body, type: MessageKind.heartbeat.rawValue)
        guard case .heartbeat(let beat) = decoded else {
            Issue.record("decoded \(decoded.kind), expected heartbeat")
            return
        }
        #expect(Array(beat.unknownFields.data) == [0x98, 0x06, 0x01])
        #expect(beat.senderID == "worker-a")
    }
}
