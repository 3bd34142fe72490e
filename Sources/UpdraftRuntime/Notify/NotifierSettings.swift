import Foundation

/// How the scheduler's ``NotifierDispatcher`` delivers callbacks.
public struct NotifierSettings: Sendable {
    /// The HTTP API's base URL (`http://127.0.0.1:8080`) when the API is served: templates
    /// get `dag_run_url` and `ti_url` under it; nil leaves them empty.
    public var apiBaseURL: String?
    /// Longest one delivery attempt may take (connect, send, answer). Default 10 s.
    public var timeout: Duration = .seconds(10)
    /// Attempts per notification (the first included). Default 3.
    public var attempts: Int = 3
    /// Wait before the second attempt; doubled before each next one. Default 500 ms.
    public var backoff: Duration = .milliseconds(500)
    /// Most deliveries in flight at once. Default 8.
    public var maxConcurrent: Int = 8
    /// Most notifications waiting for delivery; more are dropped and counted as failed. Default 10,000.
    public var maxQueued: Int = 10_000
    /// How long a stopping scheduler waits for the deliveries left. Default 15 s.
    public var drainTimeout: Duration = .seconds(15)

    /// More environment variables for bash notifiers (the scheduler sets `UPDRAFT_HOME`).
    public var environment: [String: String] = [:]

    /// The defaults.
    public init() {}
}
