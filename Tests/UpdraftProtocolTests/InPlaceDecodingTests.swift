import Testing
import UpdraftProtocol
import UpdraftWire

/// `decodeBody(bytes:type:)` (what ports call, on the receive buffer) must give exactly what
/// `decodeBody(_:type:)` gives: the same message, or the same error code and text.
@Suite("In-place body decoding")
struct InPlaceDecodingTests {
    let codec = UpdraftCodec()

    /// The outcome of one decode, comparable across the two entry points.
    enum Outcome: Equatable {
        case message(UpdraftMessage)
        case rejected(FrameError)
    }

    func fromArray(_ body: [UInt8], _ code: UInt16) -> Outcome {
        do { return .message(try codec.decodeBody(body, type: code)) } catch { return .rejected(error) }
    }

    func inPlace(_ body: [UInt8], _ code: UInt16) -> Outcome {
        body.withUnsafeBytes { raw -> Outcome in
            do throws(FrameError) {
                return .message(try codec.decodeBody(bytes: raw, type: code))
            } catch {
                return .rejected(error)
            }
        }
    }

    @Test("every golden vector decodes in place to the sample", arguments: MessageKind.allCases)
    func goldenVectors(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        #expect(inPlace(body, kind.rawValue) == .message(MessageSamples.sample(kind)))
    }

    @Test("truncated and corrupted bodies give the same outcome both ways", arguments: MessageKind.allCases)
    func damagedBodies(kind: MessageKind) throws {
        let body = try GoldenFiles.bytes(kind, "bin")
        var rejected = 0
        for length in 0..<body.count {
            let prefix = Array(body.prefix(length))
            let outcome = inPlace(prefix, kind.rawValue)
            #expect(outcome == fromArray(prefix, kind.rawValue), "\(kind.name) cut to \(length) bytes")
            if case .rejected(let error) = outcome {
                #expect(error.code == .malformedBody)
                #expect(error.message.hasPrefix(kind.name + ": "))
                rejected += 1
            }
        }
        for index in body.indices {
            var corrupted = body
            corrupted[index] = 0xFF
            #expect(inPlace(corrupted, kind.rawValue) == fromArray(corrupted, kind.rawValue), "\(kind.name) byte \(index) = 0xFF")
        }
        #expect(rejected >= 1)
    }

    @Test("an empty buffer without an address decodes like an empty array")
    func emptyBuffer() {
        for kind in MessageKind.allCases {
            let outcome: Outcome
            do {
                outcome = .message(try codec.decodeBody(bytes: UnsafeRawBufferPointer(start: nil, count: 0), type: kind.rawValue))
            } catch {
                outcome = .rejected(error)
            }
            #expect(outcome == fromArray([], kind.rawValue), "\(kind.name)")
        }
    }

    @Test("an unknown type code is unknown_type in place too")
    func unknownType() {
        guard case .rejected(let error) = inPlace([0x08, 0x01], 0xFFFF) else {
            Issue.record("type 0xFFFF decoded")
            return
        }
        #expect(error.code == .unknownType)
        #expect(error.message.contains("65535"))
    }

    @Test("the specialised encode path still validates: a heartbeat without sender_id is refused")
    func encodeStillValidates() {
        guard case .heartbeat(var beat) = MessageSamples.sample(.heartbeat) else {
            Issue.record("sample is not a heartbeat")
            return
        }
        beat.senderID = ""
        do {
            _ = try codec.encodeBody(.heartbeat(beat))
            Issue.record("encoded a heartbeat without sender_id")
        } catch let error as FrameError {
            #expect(error.code == .malformedBody)
            #expect(error.message.contains("sender_id is empty"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
