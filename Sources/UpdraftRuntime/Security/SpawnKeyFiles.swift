/// The key files a spawned worker is given: `--server-key SERVER --key KEY`, also as
/// `UPDRAFT_SERVER_KEY` / `UPDRAFT_KEY` in its environment and `{server_key}` / `{key}` in a
/// `--spawn command` template.
public struct SpawnKeyFiles: Sendable, Hashable {
    /// The scheduler's public key file.
    public var serverKey: String
    /// The worker's secret key file.
    public var key: String

    /// Files at these paths.
    public init(serverKey: String, key: String) {
        self.serverKey = serverKey
        self.key = key
    }

    /// `--server-key S --key K`.
    public var arguments: [String] { ["--server-key", serverKey, "--key", key] }

    /// `UPDRAFT_SERVER_KEY`, `UPDRAFT_KEY`.
    public var environment: [String: String] { ["UPDRAFT_SERVER_KEY": serverKey, "UPDRAFT_KEY": key] }

    /// What a worker spawned for a plaintext executor gets: `UPDRAFT_INSECURE_PLAINTEXT=1`
    /// (the default of `updraft worker --insecure-plaintext`).
    public static let plaintextEnvironment = ["UPDRAFT_INSECURE_PLAINTEXT": "1"]
}
