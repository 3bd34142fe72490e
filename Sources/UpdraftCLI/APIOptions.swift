import ArgumentParser
import UpdraftServer

/// `--api-port`, `--api-host`, `--no-api`: the HTTP API inside `updraft standalone` (on by
/// default at 127.0.0.1:8080) and `updraft scheduler` (off unless `--api-port` is given).
struct APIOptions: ParsableArguments {
    /// The port when none is given.
    static let defaultPort = 8080

    @Option(name: .customLong("api-port"), help: ArgumentHelp(
        "Serve the HTTP API (/api/v1) on this port; 0 picks a free one (standalone: on at 8080 unless --no-api).",
        valueName: "port"))
    var apiPort: Int?

    @Option(name: .customLong("api-host"), help: ArgumentHelp(
        "Address the HTTP API binds: a loopback address only, as the API has no authentication yet.", valueName: "host"))
    var apiHost = "127.0.0.1"

    @Flag(name: .customLong("no-api"), help: "Do not serve the HTTP API.")
    var noAPI = false

    /// Where to serve the API.
    struct Plan: Sendable, Equatable {
        var host: String
        var port: Int
    }

    /// Refuses a port outside 0...65535, a host that is not loopback, and `--no-api` together
    /// with `--api-port` or `--api-host`.
    func validate() throws {
        if noAPI, apiPort != nil { throw ValidationError("--no-api and --api-port cannot be used together") }
        if let apiPort, !(0...65535).contains(apiPort) {
            throw ValidationError("--api-port must be between 0 and 65535 (0: a free port), got \(apiPort)")
        }
        guard APIServer.isLoopback(apiHost) else {
            throw ValidationError("--api-host '\(apiHost)' is not a loopback address: the HTTP API has no authentication "
                + "yet, so it binds only 127.0.0.1, ::1 or localhost")
        }
    }

    /// The API to serve, or nil; `onByDefault` for standalone.
    func plan(onByDefault: Bool) -> Plan? {
        if noAPI { return nil }
        if let apiPort { return Plan(host: apiHost, port: apiPort) }
        return onByDefault ? Plan(host: apiHost, port: Self.defaultPort) : nil
    }
}
