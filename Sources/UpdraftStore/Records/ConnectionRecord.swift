import Foundation

/// A stored connection as the store holds it: the password and extra sealed
/// (``SecretBox``); ``ConnectionVault`` turns it into a `Connection` and back.
public struct ConnectionRecord: Sendable, Hashable {
    /// `conn_id`.
    public var connId: String
    /// `conn_type`.
    public var connType: String
    /// Free text.
    public var description: String
    /// Host; empty when unset.
    public var host: String
    /// Port; nil when unset.
    public var port: Int?
    /// Login; empty when unset.
    public var login: String
    /// Airflow's `schema`; empty when unset.
    public var schema: String
    /// The sealed password; nil when there is none.
    public var sealedPassword: Data?
    /// The sealed extra JSON; nil when there is none.
    public var sealedExtra: Data?

    /// A record.
    public init(
        connId: String, connType: String, description: String = "", host: String = "", port: Int? = nil,
        login: String = "", schema: String = "", sealedPassword: Data? = nil, sealedExtra: Data? = nil
    ) {
        self.connId = connId
        self.connType = connType
        self.description = description
        self.host = host
        self.port = port
        self.login = login
        self.schema = schema
        self.sealedPassword = sealedPassword
        self.sealedExtra = sealedExtra
    }
}
