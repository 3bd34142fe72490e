import SwiftProtobuf
import UpdraftProtocol
import UpdraftWire

/// One inbound message as a port sees it: the first 8 bytes are the header frame, the rest
/// the body frame. Properties:
/// - a rejected header throws `FrameError` with `.badHeader`, `.wrongVersion` or `.unknownType`;
/// - the body decodes the same way through the array path (SwiftProtobuf) and the in-place
///   path (the hand-written FastCodec for the hot types): equal messages, or both
///   `.malformedBody`;
/// - a decoded message encodes again (it was validated), and decode(encode(m)) == m;
/// - the codec's bytes equal SwiftProtobuf's deterministic serialization (FastCodec's writer);
/// - the protobuf JSON of a message without unknown fields parses back to the same message;
/// - a batch (type 0xFFFF, version 2) hands over records until one is damaged, which throws
///   `.badBatch` or a record's own header error; each record passes the checks above.
enum WireFuzz {
    static let codec = UpdraftCodec()

    static func check(_ frame: [UInt8], inBatch: Bool = false) {
        let header = Array(frame.prefix(FrameHeader.size))
        let body = Array(frame.dropFirst(FrameHeader.size))
        if !inBatch, let batch = try? FrameHeader(parsing: header), batch.messageType == BatchFrame.messageType,
           batch.version == BatchFrame.version {
            checkBatch(body)
            return
        }
        let parsed: FrameHeader
        do {
            parsed = try codec.checkHeader(header)
        } catch {
            FuzzCheck.require(
                [.badHeader, .wrongVersion, .unknownType].contains(error.code), "header rejected with \(error)")
            return
        }
        FuzzCheck.require((try? FrameHeader(parsing: parsed.bytes)) == parsed, "header bytes round trip")
        let viaArray = Result { () throws(FrameError) in try codec.decodeBody(body, type: parsed.messageType) }
        let inPlace = body.withUnsafeBytes { raw in
            Result { () throws(FrameError) in try codec.decodeBody(bytes: raw, type: parsed.messageType) }
        }
        switch (viaArray, inPlace) {
        case (.success(let a), .success(let b)):
            FuzzCheck.require(a == b, "array and in-place decoding differ:\n\(a)\n\(b)")
            roundTrip(a)
        case (.failure(let a), .failure(let b)):
            FuzzCheck.require(a.code == .malformedBody && b.code == .malformedBody, "unexpected errors \(a) / \(b)")
        case (.success(let a), .failure(let b)):
            FuzzCheck.require(false, "array path decoded \(a), in-place path threw \(b)")
        case (.failure(let a), .success(let b)):
            FuzzCheck.require(false, "in-place path decoded \(b), array path threw \(a)")
        }
    }

    /// Every record the batch hands over is checked as a message of its own; a damaged one
    /// ends it with `.badBatch` or a header error, never a crash.
    private static func checkBatch(_ body: [UInt8]) {
        var records: [[UInt8]] = []
        let outcome = body.withUnsafeBytes { raw in
            Result { () throws(FrameError) in
                try BatchFrame.forEachRecord(in: raw) { header, record in records.append(header.bytes + Array(record)) }
            }
        }
        if case .failure(let error) = outcome {
            FuzzCheck.require([.badBatch, .badHeader].contains(error.code), "batch rejected with \(error)")
        }
        for record in records { check(record, inBatch: true) }
    }

    private static func roundTrip(_ message: UpdraftMessage) {
        let encoded: [UInt8]
        do { encoded = try codec.encodeBody(message) } catch {
            FuzzCheck.require(false, "a decoded (validated) message does not encode: \(error)\n\(message)")
            return
        }
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        let reference = try? message.payload.serializedBytes(options: options) as [UInt8]
        FuzzCheck.require(reference == encoded, "codec bytes differ from SwiftProtobuf's for \(message.kind.name)")
        let again = Result { () throws(FrameError) in try codec.decodeBody(encoded, type: message.kind.code) }
        FuzzCheck.require((try? again.get()) == message, "decode(encode(m)) != m for \(message.kind.name): \(again)")
        // JSON drops unknown fields, so only messages without any can come back equal.
        var discard = BinaryDecodingOptions()
        discard.discardUnknownFields = true
        let known = try? type(of: message.payload).init(serializedBytes: encoded, options: discard)
        if let known, UpdraftMessage(payload: known) == message, let json = try? message.jsonString() {
            let back = Result { () throws(FrameError) in try UpdraftMessage(kind: message.kind, jsonString: json) }
            FuzzCheck.require((try? back.get()) == message, "JSON round trip differs for \(message.kind.name): \(json)")
        }
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func wireFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    WireFuzz.check(FuzzCheck.bytes(data, size))
    return 0
}
