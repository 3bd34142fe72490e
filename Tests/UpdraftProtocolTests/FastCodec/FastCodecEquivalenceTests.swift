import Foundation
import Testing
@testable import UpdraftProtocol
import UpdraftWire

/// The hand-written codec against SwiftProtobuf on many random messages per type:
/// the same bytes out, the same message back, whatever the field order.
@Suite("Hand-written codec matches SwiftProtobuf")
struct FastCodecEquivalenceTests {
    static let rounds = 400

    @Test("hand encode == SwiftProtobuf deterministic encode, byte for byte", arguments: RandomWireMessages.kinds)
    func encodesSameBytes(kind: MessageKind) throws {
        var random = RandomWireMessages(seed: 0xE4C0DE &+ UInt64(kind.rawValue))
        for round in 0..<Self.rounds {
            let message = random.message(kind)
            let expected = try FastCodecProbe.referenceEncode(message)
            let actual = FastCodecProbe.fastEncode(message)
            #expect(actual == expected, "round \(round) of \(kind.name)")
            if actual != expected { return }
        }
    }

    @Test("hand decode of SwiftProtobuf bytes gives the original message", arguments: RandomWireMessages.kinds)
    func decodesSwiftProtobufBytes(kind: MessageKind) throws {
        var random = RandomWireMessages(seed: 0xDEC0DE &+ UInt64(kind.rawValue))
        for round in 0..<Self.rounds {
            let message = random.message(kind)
            let bytes = try FastCodecProbe.referenceEncode(message)
            let decoded = FastCodecProbe.fastDecode(kind, bytes)
            #expect(decoded == message, "round \(round) of \(kind.name)")
            if decoded != message { return }
        }
    }

    @Test("fields in any order, repeated, and two messages concatenated decode as SwiftProtobuf does", arguments: RandomWireMessages.kinds)
    func anyOrderAndMerge(kind: MessageKind) throws {
        var random = RandomWireMessages(seed: 0x0DE5 &+ UInt64(kind.rawValue))
        for round in 0..<Self.rounds {
            let first = try FastCodecProbe.referenceEncode(random.message(kind))
            let second = try FastCodecProbe.referenceEncode(random.message(kind))
            var fields = FastCodecProbe.splitFields(first) + FastCodecProbe.splitFields(second)
            // Shuffle with the seeded generator (reproducible).
            for index in fields.indices.reversed() where index > 0 {
                fields.swapAt(index, random.below(index + 1))
            }
            let bytes = fields.flatMap { $0 }
            let expected = FastCodecProbe.referenceParse(kind, bytes)
            #expect(expected != nil)
            #expect(FastCodecProbe.fastDecode(kind, bytes) == expected, "round \(round) of \(kind.name)")
            // Concatenation is a merge: last scalar wins, repeated fields append, keys merge.
            let merged = first + second
            #expect(FastCodecProbe.fastDecode(kind, merged) == FastCodecProbe.referenceParse(kind, merged))
        }
    }

    @Test("unpacked skip_on_exit_codes and a mix of packed and unpacked decode like SwiftProtobuf")
    func unpackedRepeated() throws {
        // field 13 varint: 99, then packed [1, -1], then varint 2.
        var bytes: [UInt8] = [0x68, 99]
        bytes += [0x6A, 11, 1] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        bytes += [0x68, 2]
        let fast = try #require(FastCodecProbe.fastDecode(.taskDispatch, bytes))
        #expect(fast == FastCodecProbe.referenceParse(.taskDispatch, bytes))
        guard case .taskDispatch(let dispatch) = fast else { Issue.record("wrong kind"); return }
        #expect(dispatch.skipOnExitCodes == [99, 1, -1, 2])
    }

    @Test("map entries: missing key or value is empty, a repeated key keeps the last value")
    func mapEntries() throws {
        // env entries: {value "x"} (key missing), {key "a", value "1"}, {key "a", value "2"}.
        let bytes: [UInt8] = [0x2A, 3, 0x12, 1, 0x78, 0x2A, 6, 0x0A, 1, 0x61, 0x12, 1, 0x31, 0x2A, 6, 0x12, 1, 0x32, 0x0A, 1, 0x61]
        let fast = try #require(FastCodecProbe.fastDecode(.taskDispatch, bytes))
        #expect(fast == FastCodecProbe.referenceParse(.taskDispatch, bytes))
        guard case .taskDispatch(let dispatch) = fast else { Issue.record("wrong kind"); return }
        #expect(dispatch.env == ["": "x", "a": "2"])
    }

    @Test("every golden vector of a covered kind decodes identically and re-encodes to its bytes", arguments: RandomWireMessages.kinds)
    func goldenVectors(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        let fast = try #require(FastCodecProbe.fastDecode(kind, body))
        #expect(fast == FastCodecProbe.referenceParse(kind, body))
        #expect(fast == MessageSamples.sample(kind))
        #expect(FastCodecProbe.fastEncode(fast) == body)
    }
}
