import ArgumentParser
import UpdraftServer

/// `--api-port`, `--api-host`, `--api-auth`, `--no-api`: the HTTP API inside `updraft standalone`
/// (on by default at 127.0.0.1:8080, without authentication: a laptop's API) and
/// `updraft scheduler` (off unless `--api-port` is given; users and tokens required).
struct APIOptions: ParsableArguments {
    /// The port when none is given.
    static let defaultPort = 8080

    @Option(name: .customLong("api-port"), help: ArgumentHelp(
        "Serve the HTTP API (/api/v1) on this port; 0 picks a free one (standalone: on at 8080 unless --no-api).",
        valueName: "port"))
    var apiPort: Int?

    @Option(name: .customLong("api-host"), help: ArgumentHelp(
        "Address the HTTP API binds; with --api-auth none, a loopback address only.", valueName: "host"))
    var apiHost = "127.0.0.1"

    @Option(name: .customLong("api-auth"), help: ArgumentHelp(
        "users: every route needs a session or an API token (updraft users/tokens); none: no authentication, "
            + "loopback only (standalone: none by default; scheduler: users).", valueName: "users|none"))
    var apiAuth: APIAuthMode?

    @Flag(name: .customLong("no-api"), help: "Do not serve the HTTP API.")
    var noAPI = false

    /// Where to serve the API.
    struct Plan: Sendable, Equatable {
        var host: String
        var port: Int
        var auth: APIAuthMode = .users
    }

    /// Refuses a port outside 0...65535, a host that is not loopback with `--api-auth none`,
    /// and `--no-api` together with `--api-port`.
    func validate() throws {
        if noAPI, apiPort != nil { throw ValidationError("--no-api and --api-port cannot be used together") }
        if let apiPort, !(0...65535).contains(apiPort) {
            throw ValidationError("--api-port must be between 0 and 65535 (0: a free port), got \(apiPort)")
        }
        try validate(defaultAuth: .users)
    }

    /// Refuses a host that is not loopback when authentication is off (`--api-auth none`, or
    /// not given where `defaultAuth` is none: standalone).
    func validate(defaultAuth: APIAuthMode) throws {
        if (apiAuth ?? defaultAuth) == .none, !APIServer.isLoopback(apiHost) {
            throw ValidationError("--api-host '\(apiHost)' is not a loopback address: without authentication "
                + "(--api-auth none\(apiAuth == nil ? ", standalone's default" : "")) the HTTP API binds only 127.0.0.1, "
                + "::1 or localhost; pass --api-auth users (and create users: updraft users create) to bind another")
        }
    }

    /// The API to serve, or nil: `onByDefault` with authentication off by default for
    /// standalone, off by default with authentication on for scheduler.
    func plan(onByDefault: Bool, defaultAuth: APIAuthMode = .users) -> Plan? {
        if noAPI { return nil }
        let auth = apiAuth ?? defaultAuth
        if let apiPort { return Plan(host: apiHost, port: apiPort, auth: auth) }
        return onByDefault ? Plan(host: apiHost, port: Self.defaultPort, auth: auth) : nil
    }
}
