import Testing
import UpdraftProtocol
import UpdraftWire

@Suite("Header checks")
struct HeaderTests {
    let codec = UpdraftCodec()

    func expectCode(_ code: FrameError.Code, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected FrameError \(code), nothing was thrown")
        } catch let error as FrameError {
            #expect(error.code == code, "\(error)")
        } catch {
            Issue.record("expected FrameError \(code), got \(error)")
        }
    }

    @Test("unknown type codes are unknown_type, in the header and in decodeBody",
          arguments: [UInt16(0), 1, 15, 29, 62, 0xFFFF])
    func unknownType(code: UInt16) {
        let header = FrameHeader(version: 1, messageType: code).bytes
        expectCode(.unknownType) { _ = try codec.checkHeader(header) }
        expectCode(.unknownType) { _ = try codec.decodeBody([], type: code) }
        expectCode(.unknownType) { _ = try codec.decodeFrames(header: header, body: []) }
    }

    @Test("other protocol versions are wrong_version", arguments: [UInt16(0), 2, 0x0100, 0xFFFF])
    func wrongVersion(version: UInt16) throws {
        let body = try GoldenFiles.bytes(.heartbeat, "bin")
        let header = FrameHeader(version: version, messageType: MessageKind.heartbeat.rawValue).bytes
        expectCode(.wrongVersion) { _ = try codec.decodeFrames(header: header, body: body) }
    }

    @Test("bad magic is bad_header")
    func badMagic() throws {
        let frame = try GoldenFiles.bytes(.taskDispatch, "frame")
        for (first, second) in [(UInt8(0x44), UInt8(0x55)), (0x00, 0x00), (0x55, 0x45), (0x75, 0x64)] {
            var header = Array(frame.prefix(FrameHeader.size))
            header[0] = first
            header[1] = second
            expectCode(.badHeader) { _ = try codec.checkHeader(header) }
        }
    }

    @Test("a header fed byte at a time is bad_header until all 8 bytes are there")
    func headerByteAtATime() throws {
        let frame = try GoldenFiles.bytes(.taskFinished, "frame")
        for length in 0..<FrameHeader.size {
            expectCode(.badHeader) { _ = try codec.checkHeader(frame.prefix(length)) }
        }
        let header = try codec.checkHeader(frame.prefix(FrameHeader.size))
        #expect(header.messageType == MessageKind.taskFinished.rawValue)
        // Header and body glued into one frame is also refused.
        expectCode(.badHeader) { _ = try codec.checkHeader(frame) }
    }

    @Test("the header written for each message names its type and version 1", arguments: MessageKind.allCases)
    func headerBytes(kind: MessageKind) {
        let bytes = codec.header(for: MessageSamples.sample(kind)).bytes
        #expect(bytes == [0x55, 0x44, 0x00, 0x01, UInt8(kind.rawValue >> 8), UInt8(kind.rawValue & 0xFF), 0, 0])
    }
}
