import Foundation
import UpdraftStore
import UpdraftWire

/// The CURVE key files of an Updraft home (`HOME/curve/`, mode 0700):
///
/// | file | what |
/// |---|---|
/// | `scheduler.key` (0600) / `scheduler.pub` | the scheduler process's pair: its executor, event bus and stats sockets are CURVE servers with it |
/// | `client.key` (0600) / `client.pub` | the home's client pair, allowed by that scheduler as `home`: workers it spawns, and this home's own tools (`updraft stats`, `api-server`, `updraft worker --home`) |
///
/// Both pairs are made at the scheduler's first start (``ensure()``) and kept: a worker
/// elsewhere is given `scheduler.pub` (`--server-key`) once and for all.
public struct HomeCurveKeys: Sendable, Hashable {
    /// The home.
    public let home: UpdraftHome

    /// The key files of `home`.
    public init(home: UpdraftHome) { self.home = home }

    /// `HOME/curve`.
    public var folder: String { home.curveFolder.path }
    /// `HOME/curve/scheduler.key`: the scheduler's secret key.
    public var serverSecretFile: String { folder + "/scheduler.key" }
    /// `HOME/curve/scheduler.pub`: the scheduler's public key (what workers get as `--server-key`).
    public var serverPublicFile: String { folder + "/scheduler.pub" }
    /// `HOME/curve/client.key`: the home's client secret key.
    public var clientSecretFile: String { folder + "/client.key" }
    /// `HOME/curve/client.pub`: the home's client public key.
    public var clientPublicFile: String { folder + "/client.pub" }

    /// The user id the home's client key is allowed under.
    public static let clientName = "home"

    /// Reads both pairs, making whichever is missing first.
    /// - Throws: ``CurveKeyError`` naming the file that cannot be read or written (a
    ///   malformed or world-readable key is an error, never silently replaced).
    public func ensure() throws(CurveKeyError) -> (server: CurveKeyPair, client: CurveKeyPair) {
        (try ensurePair("scheduler"), try ensurePair("client"))
    }

    /// The client settings for this home's own tools connecting to `serverKey` (nil: the
    /// key in `scheduler.pub`), or nil when the home has no client key yet (no scheduler ever started).
    /// - Throws: ``CurveKeyError`` when a key file exists but is malformed.
    public func clientSecurity(serverKey: CurveKey? = nil) throws(CurveKeyError) -> CurveSecurity? {
        guard FileManager.default.fileExists(atPath: clientSecretFile) else { return nil }
        let server: CurveKey
        if let serverKey { server = serverKey } else {
            guard FileManager.default.fileExists(atPath: serverPublicFile) else { return nil }
            server = try CurveKeyFile.readPublicKey(at: serverPublicFile)
        }
        return .client(try CurveKeyFile.readKeyPair(at: clientSecretFile), serverKey: server)
    }

    private func ensurePair(_ name: String) throws(CurveKeyError) -> CurveKeyPair {
        try CurveKeyFile.readOrCreate(directory: folder, name: name)
    }
}
