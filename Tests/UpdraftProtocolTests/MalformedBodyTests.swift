import Foundation
import Testing
import UpdraftProtocol
import UpdraftWire

/// Bad bodies throw FrameError(.malformedBody) and never crash.
@Suite("Malformed bodies")
struct MalformedBodyTests {
    let codec = UpdraftCodec()

    /// Decodes `body` as `kind`; returns the message, or nil after checking the error code.
    func decodeOrMalformed(_ body: [UInt8], _ kind: MessageKind) -> UpdraftMessage? {
        do {
            return try codec.decodeBody(body, type: kind.rawValue)
        } catch {
            #expect(error.code == .malformedBody, "\(kind.name): \(error)")
            #expect(error.message.hasPrefix(kind.name + ": "))
            return nil
        }
    }

    /// A truncated body either throws malformed_body (cut inside a field, or a required
    /// field lost) or, when cut exactly between fields, decodes to a message that lacks the
    /// later fields: never to the original, since proto3 writes only non-default fields.
    @Test("every strict prefix of a golden vector throws or decodes to something else", arguments: MessageKind.allCases)
    func truncatedBodies(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        let original = try codec.decodeBody(body, type: kind.rawValue)
        var threw = 0
        for length in 0..<body.count {
            if let decoded = decodeOrMalformed(Array(body.prefix(length)), kind) {
                #expect(decoded != original, "\(kind.name) prefix of \(length) bytes decoded to the original")
            } else {
                threw += 1
            }
        }
        // Cutting one byte short always ends inside the last field.
        #expect(decodeOrMalformed(Array(body.dropLast()), kind) == nil)
        #expect(threw >= 1)
    }

    /// Byte at a time: every byte in turn replaced by 0xFF (a truncated varint / huge length)
    /// and by its complement. The result throws malformed_body or decodes; it never crashes.
    @Test("every byte corrupted in turn is rejected or decoded, never a crash", arguments: MessageKind.allCases)
    func corruptedBytes(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        var rejected = 0
        for index in body.indices {
            for replacement in [0xFF, ~body[index]] where replacement != body[index] {
                var corrupted = body
                corrupted[index] = replacement
                if decodeOrMalformed(corrupted, kind) == nil { rejected += 1 }
            }
        }
        // Setting the first tag byte to 0xFF starts a varint tag that never ends properly.
        #expect(rejected >= 1)
    }

    @Test("random garbage is rejected or decoded, never a crash", arguments: MessageKind.allCases)
    func randomGarbage(kind: MessageKind) {
        var rng = SplitMix64(seed: UInt64(kind.rawValue) &* 0x9E37_79B9)
        for _ in 0..<300 {
            let length = Int(rng.next() % 200)
            let garbage = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = decodeOrMalformed(garbage, kind)
        }
    }

    @Test("an impossible wire type and a length past the end are malformed")
    func handCraftedGarbage() {
        // Field 1 with wire type 7 (does not exist).
        #expect(decodeOrMalformed([0x0F, 0x00], .workerHello) == nil)
        // Field 1 (worker_id), length 100, only 2 bytes follow.
        #expect(decodeOrMalformed([0x0A, 0x64, 0x41, 0x42], .workerHello) == nil)
        // A varint of 11 continuation bytes.
        #expect(decodeOrMalformed([0x08] + Array(repeating: 0xFF, count: 11), .statsRequest) == nil)
    }

    @Test("invalid UTF-8 in a string field is malformed, named as such")
    func invalidUTF8() throws {
        var hello = WireWorkerHello()
        hello.workerID = "XY"
        hello.queues = ["q"]
        hello.capacity = 1
        hello.minProtocolVersion = 1
        hello.maxProtocolVersion = 1
        var body: [UInt8] = try hello.serializedBytes()
        // worker_id is field 1: [0x0A, 0x02, 'X', 'Y'] comes first; make it C3 28 (bad UTF-8).
        #expect(Array(body.prefix(4)) == [0x0A, 0x02, 0x58, 0x59])
        body[2] = 0xC3
        body[3] = 0x28
        #expect(throws: FrameError.self) { try codec.decodeBody(body, type: MessageKind.workerHello.rawValue) }
        #expect(decodeOrMalformed(body, .workerHello) == nil)
    }

    @Test("invalid UTF-8 in an XCom value's JSON bytes is malformed")
    func invalidXComJSON() throws {
        guard case .taskDispatch(var dispatch) = MessageSamples.sample(.taskDispatch) else {
            Issue.record("sample is not a dispatch")
            return
        }
        dispatch.xcomInputs[0].json = Data([0x7B, 0xFF, 0x7D])
        let body: [UInt8] = try dispatch.serializedBytes()
        do {
            _ = try codec.decodeBody(body, type: MessageKind.taskDispatch.rawValue)
            Issue.record("decoded a dispatch whose XCom JSON is not UTF-8")
        } catch {
            #expect(error.code == .malformedBody)
            #expect(error.message.contains("xcom_inputs[0].json is not valid UTF-8"))
        }
    }

    @Test("a body of one type decoded as another is rejected or decoded, never a crash",
          arguments: MessageKind.allCases)
    func crossTypeBodies(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        for other in MessageKind.allCases where other != kind {
            if let decoded = decodeOrMalformed(body, other) {
                #expect(decoded.kind == other)
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so garbage tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
