import UpdraftStore
import UpdraftWire

/// How a scheduler process (``StandaloneRuntime``) secures its `tcp://` and `ipc://`
/// sockets: CURVE with its key pair, clients checked against `allowList` by a
/// ``ZAPHandler``, or (``RuntimeSecurity/plaintext``) nothing at all.
///
/// Each server socket has its own ZAP domain (``executorDomain``, ``eventsDomain``,
/// ``statsDomain``), so an authorizer can tell workers from subscribers.
public struct ServerSecurity: Sendable {
    /// The servers' key pair.
    public var keys: CurveKeyPair
    /// Who may connect (the home's client key, `--allow-key` files, spawned workers).
    public var allowList: CurveAllowList
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
    public init(keys: CurveKeyPair, allowList: CurveAllowList, spawnKeyFiles: SpawnKeyFiles? = nil, clientKeys: CurveKeyPair? = nil) {
        self.keys = keys
        self.clientKeys = clientKeys
        self.allowList = allowList
        self.spawnKeyFiles = spawnKeyFiles
    }

    /// The home's pairs (made when missing): the scheduler pair serves, the home's client
    /// key is allowed as `home` and is what spawned workers use; `allowed` adds more keys by name.
    /// - Throws: ``CurveKeyError`` naming a key file that cannot be read or written.
    public static func forHome(_ home: UpdraftHome, allowed: [String: CurveKey] = [:]) throws(CurveKeyError) -> ServerSecurity {
        let files = HomeCurveKeys(home: home)
        let (server, client) = try files.ensure()
        let list = CurveAllowList(allowed)
        list.allow(client.publicKey, name: HomeCurveKeys.clientName)
        return ServerSecurity(
            keys: server, allowList: list,
            spawnKeyFiles: SpawnKeyFiles(serverKey: files.serverPublicFile, key: files.clientSecretFile),
            clientKeys: client)
    }

    /// The server settings of a socket in `domain`.
    public func curve(domain: String) -> CurveSecurity { .server(keys, zapDomain: domain) }
}
