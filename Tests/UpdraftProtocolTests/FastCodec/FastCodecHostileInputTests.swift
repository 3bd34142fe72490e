import Foundation
import Testing
@testable import UpdraftProtocol
import UpdraftWire

/// Bad bodies through the codec's fast path end exactly as through SwiftProtobuf alone:
/// the same message, or the same `FrameError` (kind and text); never a crash.
@Suite("Hand-written codec on hostile input")
struct FastCodecHostileInputTests {
    /// Checks the in-place codec path against `UpdraftMessage.decode` (SwiftProtobuf only).
    private func expectSameOutcome(_ kind: MessageKind, _ bytes: [UInt8], _ note: String) {
        let actual = FastCodecProbe.codecDecode(kind, bytes)
        let expected = FastCodecProbe.referenceDecode(kind, bytes)
        switch (actual, expected) {
        case (.success(let a), .success(let e)):
            #expect(a == e, "\(note): decoded differently")
        case (.failure(let a), .failure(let e)):
            #expect(a.code == e.code, "\(note): error kind")
            #expect(a.message == e.message, "\(note): error text")
        default:
            Issue.record("\(note): fast path \(actual), SwiftProtobuf \(expected)")
        }
    }

    @Test("every truncation of a random body", arguments: RandomWireMessages.kinds)
    func truncations(kind: MessageKind) throws {
        var random = RandomWireMessages(seed: 0x7E5C &+ UInt64(kind.rawValue))
        for round in 0..<40 {
            let body = try FastCodecProbe.referenceEncode(random.message(kind))
            for length in 0..<body.count {
                expectSameOutcome(kind, Array(body.prefix(length)), "round \(round), first \(length) of \(body.count) bytes")
            }
        }
    }

    @Test("random corrupted bytes", arguments: RandomWireMessages.kinds)
    func corruptions(kind: MessageKind) throws {
        var random = RandomWireMessages(seed: 0xBAD &+ UInt64(kind.rawValue))
        for round in 0..<400 {
            var body = try FastCodecProbe.referenceEncode(random.message(kind))
            guard !body.isEmpty else { continue }
            for _ in 0..<(1 + random.below(3)) {
                body[random.below(body.count)] = UInt8(truncatingIfNeeded: random.next())
            }
            expectSameOutcome(kind, body, "round \(round)")
        }
    }

    @Test("pure garbage and overlong varints")
    func garbage() {
        var random = RandomWireMessages(seed: 0x6A7B)
        for kind in RandomWireMessages.kinds {
            for round in 0..<200 {
                let bytes = (0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                expectSameOutcome(kind, bytes, "\(kind.name) garbage round \(round)")
            }
            expectSameOutcome(kind, [0x10] + [UInt8](repeating: 0xFF, count: 11) + [0x01], "\(kind.name) 12-byte varint")
            expectSameOutcome(kind, [0x00, 0x01], "\(kind.name) field number 0")
            expectSameOutcome(kind, [0x0A, 0x05, 0x61], "\(kind.name) length past the end")
            expectSameOutcome(kind, [0x8A, 0x00, 0x01, 0x61], "\(kind.name) two-byte tag of field 1")
            expectSameOutcome(kind, [0x8A, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 0x61], "\(kind.name) six-byte tag")
        }
    }

    @Test("unknown fields are kept (SwiftProtobuf path) and written back unchanged", arguments: RandomWireMessages.kinds)
    func unknownFields(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        // Field 100 varint 7, field 101 length-delimited "hi", field 102 fixed32.
        let extra: [UInt8] = [0xA0, 0x06, 0x07, 0xAA, 0x06, 0x02, 0x68, 0x69, 0xB5, 0x06, 1, 2, 3, 4]
        let bytes = body + extra
        #expect(FastCodecProbe.fastDecode(kind, bytes) == nil)
        expectSameOutcome(kind, bytes, "unknown fields")
        let decoded = try FastCodecProbe.codecDecode(kind, bytes).get()
        #expect(decoded != MessageSamples.sample(kind))
        #expect(try FastCodecProbe.codec.encodeBody(decoded) == FastCodecProbe.referenceEncode(decoded))
        #expect(try FastCodecProbe.codec.encodeBody(decoded) == bytes)
    }

    @Test("a known field with the wrong wire type is an unknown field, as in SwiftProtobuf", arguments: RandomWireMessages.kinds)
    func wrongWireTypes(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        for field: UInt8 in 1...15 {
            expectSameOutcome(kind, body + [field << 3 | 2, 1, 0x41], "field \(field) as length-delimited")
            expectSameOutcome(kind, body + [field << 3 | 0, 0x41], "field \(field) as varint")
            expectSameOutcome(kind, body + [field << 3 | 5, 1, 2, 3, 4], "field \(field) as fixed32")
            expectSameOutcome(kind, body + [field << 3 | 1, 1, 2, 3, 4, 5, 6, 7, 8], "field \(field) as fixed64")
            expectSameOutcome(kind, body + [field << 3 | 3, field << 3 | 4], "field \(field) as an empty group")
            expectSameOutcome(kind, body + [field << 3 | 4], "field \(field) as a stray end group")
        }
    }

    @Test("invalid UTF-8 in a string field is rejected as by SwiftProtobuf")
    func invalidUTF8() {
        for kind in RandomWireMessages.kinds {
            for field: UInt8 in 1...7 {
                expectSameOutcome(kind, [field << 3 | 2, 2, 0xC3, 0x28], "\(kind.name) field \(field)")
            }
        }
        // Overlong, surrogate, past U+10FFFF, lone continuation, truncated sequence, and
        // valid multi-byte text after eight ASCII bytes (the word-at-a-time ASCII check).
        let texts: [[UInt8]] = [
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0x80], [0xE2, 0x82], Array("abcdefgh".utf8) + [0xFF], Array("abcdefghé日🚀".utf8),
        ]
        for text in texts {
            let field: [UInt8] = [0x0A, UInt8(text.count)] + text
            expectSameOutcome(.heartbeat, field, "heartbeat sender_id \(text)")
            expectSameOutcome(.stateChangeEvent, [0x12, UInt8(text.count)] + text, "event dag_id \(text)")
            expectSameOutcome(.taskDispatch, [0x0A, UInt8(field.count)] + field, "dispatch key.dag_id \(text)")
        }
        let valid = Array("abcdefghé日🚀".utf8)
        let decoded = FastCodecProbe.fastDecode(.heartbeat, [0x0A, UInt8(valid.count)] + valid)
        #expect(decoded == .heartbeat(.with { $0.senderID = "abcdefghé日🚀" }))
    }
}
