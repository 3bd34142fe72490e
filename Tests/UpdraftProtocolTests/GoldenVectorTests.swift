import Foundation
import Testing
import UpdraftProtocol
import UpdraftWire

/// The committed golden vectors decode to the expected values, and this build still
/// encodes the sample messages to exactly those bytes.
/// Regenerate: `UPDRAFT_REGENERATE_GOLDEN=1 swift test --filter GoldenVectorTests`.
@Suite("Golden vectors", .serialized)
struct GoldenVectorTests {
    let codec = UpdraftCodec()

    @Test("the .bin body decodes to the value in the .json file and to the sample", arguments: MessageKind.allCases)
    func binaryMatchesJSON(kind: MessageKind) throws {
        if GoldenFiles.regenerate { try GoldenFiles.write(kind) }
        let body = try GoldenFiles.bytes(kind, "bin")
        let decoded = try codec.decodeBody(body, type: kind.rawValue)
        let expected = try UpdraftMessage(kind: kind, jsonString: GoldenFiles.text(kind, "json"))
        #expect(decoded == expected)
        #expect(decoded == MessageSamples.sample(kind))
    }

    @Test("encoding the sample gives the golden bytes exactly", arguments: MessageKind.allCases)
    func encodingIsStable(kind: MessageKind) throws {
        let body = try codec.encodeBody(MessageSamples.sample(kind))
        #expect(body == (try GoldenFiles.bytes(kind, "bin")))
    }

    @Test("the .frame file is the header for the type followed by the .bin body", arguments: MessageKind.allCases)
    func frameFile(kind: MessageKind) throws {
        let frame = try GoldenFiles.bytes(kind, "frame")
        let body = try GoldenFiles.bytes(kind, "bin")
        try #require(frame.count == FrameHeader.size + body.count)
        let header = try codec.checkHeader(frame.prefix(FrameHeader.size))
        #expect(header == FrameHeader(version: 1, messageType: kind.rawValue))
        #expect(Array(frame.dropFirst(FrameHeader.size)) == body)
        let decoded = try codec.decodeFrames(header: frame.prefix(FrameHeader.size), body: body)
        #expect(decoded.kind == kind)
    }

    @Test("the golden folder holds exactly one .bin, .frame and .json per message type")
    func noStrayFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: GoldenFiles.directory.path)
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }
        let expected = MessageKind.allCases.flatMap { kind in
            ["bin", "frame", "json"].map { "\(kind.name).\($0)" }
        }
        #expect(Set(names) == Set(expected))
        #expect(names.count == expected.count)
    }
}
