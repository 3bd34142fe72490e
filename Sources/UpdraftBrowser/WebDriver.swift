import Foundation

/// A small client of the W3C WebDriver protocol (HTTP + JSON) talking to a `chromedriver`
/// child process that drives a real headless Chromium. Enough for the UI scenarios of the
/// browser tests and for `updraft bench ui`: navigate, find, click, type, run a script,
/// take a screenshot. One caller at a time (it is not `Sendable`).
public final class WebDriver {
    /// Why the browser could not be started or driven.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    private let driver: Process
    private let port: Int
    private let session: String
    private let log: String

    /// Starts `chromedriver` on a free port and opens a headless Chromium session. Throws
    /// (so the test fails, never skips) when either cannot start.
    public static func start(logFolder: String) async throws -> WebDriver {
        let driverPath = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let chromiumPath = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let driverPath, let chromiumPath else {
            throw Failure(description: "chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver; .ci/setup does it)")
        }
        let port = LoopbackPort.next()
        let log = logFolder + "/chromedriver.log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: driverPath)
        process.arguments = ["--port=\(port)", "--log-path=\(log)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the driver to answer /status.
        var ready = false
        var lastError = ""
        for _ in 0..<100 {
            var probe: (status: Int, body: Data)?
            do { probe = try await LoopbackHTTP.send(port: port, method: "GET", path: "/status", body: nil) } catch { lastError = "\(error)" }
            if let probe, probe.status == 200, String(decoding: probe.body, as: UTF8.self).contains("\"ready\":true") {
                ready = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard ready else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "chromedriver did not start on port \(port) (log: \(log)): \(lastError)")
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": chromiumPath, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
                "--user-data-dir=\(logFolder)/chromium-profile",
            ]],
        ]]]
        let answer = try await call(port, "POST", "/session", capabilities)
        guard let id = (answer as? [String: Any])?["sessionId"] as? String else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "chromedriver opened no session: \(String(describing: answer))")
        }
        return WebDriver(driver: process, port: port, session: id, log: log)
    }

    private init(driver: Process, port: Int, session: String, log: String) {
        self.driver = driver
        self.port = port
        self.session = session
        self.log = log
    }

    /// Ends the session and stops chromedriver (and its Chromium).
    public func quit() async {
        _ = try? await Self.call(port, "DELETE", "/session/\(session)", nil)
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
    }

    private static func call(_ port: Int, _ method: String, _ path: String, _ body: Any?) async throws -> Any? {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let answer = try await LoopbackHTTP.send(port: port, method: method, path: path, body: data)
        let json = try? JSONSerialization.jsonObject(with: answer.body)
        if answer.status >= 300 {
            throw Failure(description: "WebDriver \(method) \(path): \(answer.status) \(String(decoding: answer.body.prefix(600), as: UTF8.self))")
        }
        return (json as? [String: Any])?["value"]
    }

    private func command(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Any? {
        try await Self.call(port, method, "/session/\(session)\(path)", body ?? (method == "POST" ? [String: Any]() : nil))
    }

    /// Opens `url`.
    public func open(_ url: String) async throws { _ = try await command("POST", "/url", ["url": url]) }

    /// The current URL.
    public func currentURL() async throws -> String { try await command("GET", "/url") as? String ?? "" }

    /// The id of the first element matching `css`; throws when none does.
    public func find(_ css: String) async throws -> String {
        let value = try await command("POST", "/element", ["using": "css selector", "value": css])
        guard let object = value as? [String: Any], let id = object.values.first as? String else {
            throw Failure(description: "no element matches \(css)")
        }
        return id
    }

    /// Clicks the element `css` names.
    public func click(_ css: String) async throws { _ = try await command("POST", "/element/\(try await find(css))/click") }

    /// Types `text` into the element `css` names.
    public func type(_ css: String, _ text: String) async throws {
        _ = try await command("POST", "/element/\(try await find(css))/value", ["text": text])
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page; its return value.
    @discardableResult
    public func run(_ script: String, _ args: [Any] = []) async throws -> Any? {
        try await command("POST", "/execute/sync", ["script": script, "args": args])
    }

    /// Runs an asynchronous script: it calls `arguments[arguments.length - 1](value)` when done.
    public func runAsync(_ script: String) async throws -> Any? {
        try await command("POST", "/execute/async", ["script": script, "args": []])
    }

    /// Waits until `script` returns something truthy (checked every 100 ms); its value.
    @discardableResult
    public func wait(_ what: String, timeout: Duration = .seconds(30), _ script: String) async throws -> Any {
        let deadline = ContinuousClock.now + timeout
        var last: Any?
        while ContinuousClock.now < deadline {
            last = try? await run(script)
            if let value = last, !(value is NSNull), (value as? Bool) != false, (value as? String) != "" { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "timed out after \(timeout) waiting for \(what) (last: \(String(describing: last)))")
    }

    /// A PNG of the window, written to `path`.
    public func screenshot(to path: String) async throws {
        guard let text = try await command("GET", "/screenshot") as? String, let data = Data(base64Encoded: text) else {
            throw Failure(description: "no screenshot")
        }
        try data.write(to: URL(fileURLWithPath: path))
    }
}
