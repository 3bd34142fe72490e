import Foundation

/// A notification rendered and ready to send: what the transports get.
enum NotificationDelivery: Sendable, Equatable {
    /// Run `command` with `bash -c` and these extra environment variables.
    case bash(command: String, environment: [String: String])
    /// POST `body` (JSON) to `url`.
    case http(url: String, body: Data)
    /// Send `message` through `server`.
    case email(SMTPServer, SMTPMessage)
}

/// An SMTP server to send through, from a connection (host, port, login, password).
struct SMTPServer: Sendable, Equatable {
    var host: String
    /// Default 25.
    var port: Int
    /// AUTH (PLAIN or LOGIN) when set.
    var login: String?
    var password: String?
}

/// A plain-text email.
struct SMTPMessage: Sendable, Equatable {
    var from: String
    var to: [String]
    var subject: String
    var body: String
}
