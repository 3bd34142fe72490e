import Foundation
import CZeroMQ

/// One CurveZMQ key (public or secret): 32 bytes, written as 40 characters of Z85
/// (ZeroMQ's base-85, RFC 32). The form libzmq's `ZMQ_CURVE_*KEY` options and Updraft's key
/// files use.
///
/// ```swift
/// let key = try CurveKey(z85: "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")
/// key.bytes.count   // 32
/// ```
public struct CurveKey: Sendable, Hashable, CustomStringConvertible {
    /// The 40-character Z85 text.
    public let z85: String

    /// A key from its Z85 text (surrounding whitespace ignored).
    /// - Throws: ``CurveKeyError`` when it is not 40 characters of Z85.
    public init(z85 text: String) throws(CurveKeyError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count == 40 else {
            throw CurveKeyError("a CURVE key is 40 characters of Z85, got \(trimmed.utf8.count)")
        }
        guard trimmed.utf8.allSatisfy(Self.isZ85) else {
            throw CurveKeyError("a CURVE key is 40 characters of Z85; this one has characters Z85 does not use")
        }
        var out = [UInt8](repeating: 0, count: 32)
        guard zmq_z85_decode(&out, trimmed) != nil else {
            throw CurveKeyError("a CURVE key is 40 characters of Z85; this one does not decode")
        }
        z85 = trimmed
    }

    /// A key from its 32 raw bytes (a ZAP request carries the client's key so).
    /// - Throws: ``CurveKeyError`` when `bytes` is not 32 bytes long.
    public init(bytes: [UInt8]) throws(CurveKeyError) {
        guard bytes.count == 32 else { throw CurveKeyError("a CURVE key is 32 bytes, got \(bytes.count)") }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&text, bytes, 32) != nil else { throw CurveKeyError("Z85 encoding failed") }
        z85 = String(cString: text)
    }

    init(trustedZ85: String) { z85 = trustedZ85 }

    /// The 32 raw bytes.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = zmq_z85_decode(&out, z85)
        return out
    }

    /// The first 8 characters: enough to tell keys apart in logs; never log a secret key.
    public var fingerprint: String { String(z85.prefix(8)) }

    /// The Z85 text (public keys only belong in logs: see ``fingerprint``).
    public var description: String { z85 }

    // Z85 alphabet: 0-9 a-z A-Z .-:+=^!/*?&<>()[]{}@%$#
    static func isZ85(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array(".-:+=^!/*?&<>()[]{}@%$#".utf8).contains(byte)
        }
    }
}
