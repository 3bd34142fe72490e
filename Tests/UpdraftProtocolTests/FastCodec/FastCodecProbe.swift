import Foundation
import SwiftProtobuf
@testable import UpdraftProtocol
import UpdraftWire

/// The hand-written codec and the SwiftProtobuf reference side by side, on `UpdraftMessage`.
enum FastCodecProbe {
    static let codec = UpdraftCodec()

    /// Hand-written encoding of a message of a covered kind.
    static func fastEncode(_ message: UpdraftMessage) -> [UInt8] {
        switch message {
        case .heartbeat(let m): FastProtobuf.encode(m)
        case .taskDispatch(let m): FastProtobuf.encode(m)
        case .taskStarted(let m): FastProtobuf.encode(m)
        case .taskLogChunk(let m): FastProtobuf.encode(m)
        case .taskFinished(let m): FastProtobuf.encode(m)
        case .stateChangeEvent(let m): FastProtobuf.encode(m)
        default: fatalError("no hand-written codec for \(message.kind.name)")
        }
    }

    /// SwiftProtobuf's deterministic encoding (what `UpdraftCodec` produced before).
    static func referenceEncode(_ message: UpdraftMessage) throws -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return try message.payload.serializedBytes(options: options)
    }

    /// Hand-written decoding (no validation); nil when it leaves the body to SwiftProtobuf.
    static func fastDecode(_ kind: MessageKind, _ bytes: [UInt8]) -> UpdraftMessage? {
        bytes.withUnsafeBytes { raw in
            switch kind {
            case .heartbeat: FastProtobuf.decode(WireHeartbeat.self, from: raw).map { .heartbeat($0) }
            case .taskDispatch: FastProtobuf.decode(WireTaskDispatch.self, from: raw).map { .taskDispatch($0) }
            case .taskStarted: FastProtobuf.decode(WireTaskStarted.self, from: raw).map { .taskStarted($0) }
            case .taskLogChunk: FastProtobuf.decode(WireTaskLogChunk.self, from: raw).map { .taskLogChunk($0) }
            case .taskFinished: FastProtobuf.decode(WireTaskFinished.self, from: raw).map { .taskFinished($0) }
            case .stateChangeEvent: FastProtobuf.decode(WireStateChangeEvent.self, from: raw).map { .stateChangeEvent($0) }
            default: fatalError("no hand-written codec for \(kind.name)")
            }
        }
    }

    /// SwiftProtobuf's parse alone (no validation); nil when it throws.
    static func referenceParse(_ kind: MessageKind, _ bytes: [UInt8]) -> UpdraftMessage? {
        switch kind {
        case .heartbeat: (try? WireHeartbeat(serializedBytes: bytes)).map { .heartbeat($0) }
        case .taskDispatch: (try? WireTaskDispatch(serializedBytes: bytes)).map { .taskDispatch($0) }
        case .taskStarted: (try? WireTaskStarted(serializedBytes: bytes)).map { .taskStarted($0) }
        case .taskLogChunk: (try? WireTaskLogChunk(serializedBytes: bytes)).map { .taskLogChunk($0) }
        case .taskFinished: (try? WireTaskFinished(serializedBytes: bytes)).map { .taskFinished($0) }
        case .stateChangeEvent: (try? WireStateChangeEvent(serializedBytes: bytes)).map { .stateChangeEvent($0) }
        default: fatalError("no hand-written codec for \(kind.name)")
        }
    }

    /// What the codec's in-place path (hand-written, falling back) returns for `bytes`.
    static func codecDecode(_ kind: MessageKind, _ bytes: [UInt8]) -> Result<UpdraftMessage, FrameError> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(FrameError) in try codec.decodeBody(bytes: raw, type: kind.rawValue) }
        }
    }

    /// What the SwiftProtobuf-only path (`UpdraftMessage.decode`) returns for `bytes`.
    static func referenceDecode(_ kind: MessageKind, _ bytes: [UInt8]) -> Result<UpdraftMessage, FrameError> {
        Result { () throws(FrameError) in try UpdraftMessage.decode(kind: kind, body: bytes) }
    }

    /// The top-level fields of a valid encoding, each as its raw bytes (tag included).
    static func splitFields(_ bytes: [UInt8]) -> [[UInt8]] {
        var fields: [[UInt8]] = []
        var index = 0
        func varint() -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                let byte = bytes[index]; index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }
        while index < bytes.count {
            let start = index
            let tag = varint()
            switch tag & 7 {
            case 0: _ = varint()
            case 2: index += Int(varint())
            default: fatalError("unexpected wire type in a fast-codec encoding")
            }
            fields.append(Array(bytes[start..<index]))
        }
        return fields
    }
}
