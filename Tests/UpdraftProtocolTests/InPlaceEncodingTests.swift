import Testing
@testable import UpdraftProtocol
import UpdraftWire

/// What ports send: `encodeBody(_:into:)` writes into a libzmq frame; it must give exactly
/// SwiftProtobuf's deterministic bytes (the golden vectors' encoding) for every message type,
/// the hand-written and the SwiftProtobuf paths alike, and refuse invalid messages.
@Suite("In-place encoding into a BodyFrame")
struct InPlaceEncodingTests {
    let codec = UpdraftCodec()

    @Test("every message type: the frame holds SwiftProtobuf's bytes", arguments: MessageKind.allCases)
    func sameBytes(kind: MessageKind) throws {
        for message in [MessageSamples.sample(kind), MinimalMessages.minimal(kind)] {
            var frame = BodyFrame()
            defer { frame.close() }
            try codec.encodeBody(message, into: &frame)
            let expected = try FastCodecProbe.referenceEncode(message)
            #expect(frame.bytes == expected)
            #expect(frame.count == expected.count)
            #expect(try codec.decodeBody(frame.bytes, type: kind.rawValue) == message)
        }
    }

    @Test("an invalid message is refused before anything is written")
    func invalidRefused() throws {
        var beat = WireHeartbeat()
        beat.sequence = 1  // sender_id missing
        var frame = BodyFrame()
        defer { frame.close() }
        #expect(throws: FrameError.self) { try codec.encodeBody(.heartbeat(beat), into: &frame) }
        #expect(frame.count == 0)
    }
}
