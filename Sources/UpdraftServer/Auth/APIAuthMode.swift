/// Whether the API asks who is calling.
public enum APIAuthMode: String, Sendable, Hashable, CaseIterable {
    /// Every route but `GET /health` and `POST /auth/login` needs a session cookie or a
    /// bearer token of a user whose role allows it (the default of `api-server` and `scheduler`).
    case users
    /// No authentication: everyone is an admin. Allowed only on a loopback address
    /// (``APIServer`` refuses any other); `updraft standalone`'s default on 127.0.0.1.
    case none
}
