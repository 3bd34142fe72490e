import CZeroMQ

/// A CurveZMQ key pair: the public key peers are told, the secret key that never leaves
/// its owner. Made with `zmq_curve_keypair` (libsodium), or rebuilt from a secret key alone
/// (`zmq_curve_public`), which is why Updraft's secret key files hold only the secret key.
///
/// ```swift
/// let pair = try CurveKeyPair.generate()
/// let again = try CurveKeyPair(secretKey: pair.secretKey)   // again.publicKey == pair.publicKey
/// ```
public struct CurveKeyPair: Sendable, Hashable {
    /// The public key (give it to peers, put it in allow-lists).
    public let publicKey: CurveKey
    /// The secret key (file mode 0600; never logged).
    public let secretKey: CurveKey

    /// A pair from both keys, unchecked: use ``init(secretKey:)`` to derive the public key.
    public init(publicKey: CurveKey, secretKey: CurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The pair of `secretKey` (its public key derived with `zmq_curve_public`).
    /// - Throws: ``CurveKeyError`` when libzmq has no CURVE.
    public init(secretKey: CurveKey) throws(CurveKeyError) {
        try CurveSupport.check()
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&text, secretKey.z85) == 0 else {
            throw CurveKeyError("cannot derive the public key of a CURVE secret key: \(WireError.zmqCall("zmq_curve_public").message)")
        }
        publicKey = CurveKey(trustedZ85: String(cString: text))
        self.secretKey = secretKey
    }

    /// A new random pair.
    /// - Throws: ``CurveKeyError`` when libzmq has no CURVE.
    public static func generate() throws(CurveKeyError) -> CurveKeyPair {
        try CurveSupport.check()
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicText, &secretText) == 0 else {
            throw CurveKeyError("zmq_curve_keypair failed: \(WireError.zmqCall("zmq_curve_keypair").message)")
        }
        return CurveKeyPair(
            publicKey: CurveKey(trustedZ85: String(cString: publicText)),
            secretKey: CurveKey(trustedZ85: String(cString: secretText)))
    }
}
