import UpdraftStore
import UpdraftWire

/// How a scheduler process (``StandaloneRuntime``) secures its `tcp://` and `ipc://`
/// sockets: CURVE with its key pair, clients checked against `access` by a
/// ``ZAPHandler``, or (``RuntimeSecurity/plaintext``) nothing at all.
///
/// Each server socket has its own ZAP domain (``executorDomain``, ``eventsDomain``,
/// ``statsDomain``), so an authorizer can tell workers from subscribers.
public struct ServerSecurity: Sendable {
    /// The servers' key pair.
    public var keys: CurveKeyPair
    /// Who may connect: the fixed keys (the home's client key, which spawned workers use,
    /// and `--allow-key` files) and, once ``AllowListRefresher`` read them, the store's.
    public var access: ClientAccessList
    /// The key files spawned workers are given (`--server-key`, `--key`); nil: none (no spawning with CURVE).
    public var spawnKeyFiles: SpawnKeyFiles?
    /// The pair this deployment presents as a client (to another deployment's event bus).
    public var clientKeys: CurveKeyPair?

    /// ZAP domain of the executor's ROUTER.
    public static let executorDomain = "executor"
    /// ZAP domain of the event bus.
    public static let eventsDomain = "events"
    /// ZAP domain of the stats endpoint.
    public static let statsDomain = "stats"

    /// Settings from their parts.
    public init(keys: CurveKeyPair, access: ClientAccessList, spawnKeyFiles: SpawnKeyFiles? = nil, clientKeys: CurveKeyPair? = nil) {
        self.keys = keys
        self.clientKeys = clientKeys
        self.access = access
        self.spawnKeyFiles = spawnKeyFiles
    }

    /// The home's pairs (made when missing): the scheduler pair serves, the home's client
    /// key is allowed as `home` and is what spawned workers use; `allowed` adds more keys by name.
    /// - Throws: ``CurveKeyError`` naming a key file that cannot be read or written.
    public static func forHome(_ home: UpdraftHome, allowed: [String: CurveKey] = [:]) throws(CurveKeyError) -> ServerSecurity {
        let files = HomeCurveKeys(home: home)
        let (server, client) = try files.ensure()
        var fixed = allowed
        fixed[HomeCurveKeys.clientName] = client.publicKey
        return ServerSecurity(
            keys: server, access: ClientAccessList(fixed: fixed),
            spawnKeyFiles: SpawnKeyFiles(serverKey: files.serverPublicFile, key: files.clientSecretFile),
            clientKeys: client)
    }

    /// The server settings of a socket in `domain`.
    public func curve(domain: String) -> CurveSecurity { .server(keys, zapDomain: domain) }
}
