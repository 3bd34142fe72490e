import Foundation
import Logging
import PostgresNIO
import UpdraftBrowser
import UpdraftStore

/// A throwaway PostgreSQL server for the tests, one per test process: `initdb` into a
/// temporary folder, `pg_ctl start` on a free loopback port with its unix socket in that
/// folder, stopped and deleted when the test process ends (a watchdog shell waits for the
/// process to go). As root (CI), the server programs run as the `postgres` user, since
/// `initdb` refuses root.
///
/// Each test takes a database of its own (``freshDatabase()``: `CREATE DATABASE`). When the
/// server cannot start, ``shared`` throws a ``TestPostgresError`` saying why: a test that
/// needs PostgreSQL fails, it never skips.
///
/// ```swift
/// let location = try await TestPostgres.shared().freshDatabase()
/// let store = try await PostgresStore.open(location)
/// ```
public struct TestPostgres: Sendable {
    /// The superuser's password (host logins use scram-sha-256; wrong-password tests need one).
    public static let password = "updraft-test-pw"
    /// The server's folder (data, socket, log).
    public let folder: URL
    /// Its loopback port.
    public let port: Int
    /// `pg_ctl` and the `start` arguments it was started with (``stopServer()``, ``startServer()``).
    private let control: Control

    private struct Control: Sendable {
        var pgCtl: String
        var data: String
        var startArguments: [String]
        var asRoot: Bool

        func run(_ arguments: [String]) async throws {
            if asRoot {
                try await ProcessRunner.run("/usr/sbin/runuser", ["-u", "postgres", "--", pgCtl] + arguments)
            } else {
                try await ProcessRunner.run(pgCtl, arguments)
            }
        }
    }

    private static let starting = Task<TestPostgres, any Error> { try await TestPostgres.start() }
    private static let counter = Counter()

    /// The process's server, started on first use.
    public static func shared() async throws -> TestPostgres {
        try await starting.value
    }

    /// A server of the caller's own, for a test that stops and restarts it (the database
    /// going away); stopped and deleted, as the shared one, when the test process ends.
    public static func dedicated() async throws -> TestPostgres {
        try await start()
    }

    /// `pg_ctl stop -m fast`: the server disconnects every client and exits.
    public func stopServer() async throws {
        try await control.run(["-D", control.data, "-m", "fast", "-w", "stop"])
    }

    /// Starts the stopped server again, on the same port and folder.
    public func startServer() async throws {
        try await control.run(control.startArguments)
    }

    /// A location on this server with the superuser's name and password and database `name`.
    public func location(database name: String, password: String? = TestPostgres.password) -> PostgresLocation {
        PostgresLocation(user: "postgres", password: password, host: "127.0.0.1", port: port, database: name)
    }

    /// A new empty database (`CREATE DATABASE`), for one test.
    public func freshDatabase() async throws -> PostgresLocation {
        let name = "t\(ProcessInfo.processInfo.processIdentifier)_\(await Self.counter.next())"
        var logger = Logger(label: "updraft.test.postgres")
        logger.logLevel = .critical
        let admin = location(database: "postgres")
        let configuration = PostgresConnection.Configuration(
            host: admin.host, port: admin.port, username: admin.user, password: admin.password, database: admin.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        } catch {
            try? await connection.close()
            throw TestPostgresError("CREATE DATABASE \(name) failed on 127.0.0.1:\(port): \(String(reflecting: error))")
        }
        try? await connection.close()
        return location(database: name)
    }

    private static func start() async throws -> TestPostgres {
        guard let binaries = PostgresBinaries.find() else {
            throw TestPostgresError("no initdb on PATH nor in /usr/lib/postgresql/*/bin: run .ci/setup "
                                    + "(it installs Debian's postgresql package)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-pg-\(UUID().uuidString.prefix(8))")
        let data = folder.appendingPathComponent("data").path
        let passwordFile = folder.appendingPathComponent("pw").path
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(password.utf8).write(to: URL(fileURLWithPath: passwordFile))
        let asRoot = getuid() == 0
        if asRoot { try await ProcessRunner.run("/bin/chown", ["-R", "postgres", folder.path]) }
        func server(_ program: String, _ arguments: [String]) async throws {
            if asRoot {
                try await ProcessRunner.run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
            } else {
                try await ProcessRunner.run(program, arguments)
            }
        }
        try await server(binaries.initdb, ["-D", data, "-U", "postgres", "--auth-local=trust",
                                           "--auth-host=scram-sha-256", "--pwfile=\(passwordFile)", "-E", "UTF8",
                                           "--no-sync", "--no-instructions"])
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = LoopbackPort.next()
            let options = "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off "
                + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=32MB"
            let startArguments = ["-D", data, "-l", folder.appendingPathComponent("server.log").path,
                                  "-w", "-t", "30", "-o", options, "start"]
            do {
                try await server(binaries.pgCtl, startArguments)
                try watchdog(pgCtl: binaries.pgCtl, data: data, folder: folder.path, asRoot: asRoot)
                return TestPostgres(folder: folder, port: port, control: Control(
                    pgCtl: binaries.pgCtl, data: data, startArguments: startArguments, asRoot: asRoot))
            } catch {
                lastError = error
            }
        }
        let log = (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
        throw TestPostgresError("PostgreSQL did not start in \(folder.path): \(lastError.map { "\($0)" } ?? "?")\n"
                                + log.split(separator: "\n").suffix(15).joined(separator: "\n"))
    }

    /// A shell that stops the server and deletes its folder once this process has ended.
    private static func watchdog(pgCtl: String, data: String, folder: String, asRoot: Bool) throws {
        let stop = (asRoot ? "/usr/sbin/runuser -u postgres -- " : "") + "'\(pgCtl)' -D '\(data)' stop -m immediate"
        let script = "while kill -0 \(ProcessInfo.processInfo.processIdentifier) 2>/dev/null; do sleep 0.5; done; "
            + "\(stop) >/dev/null 2>&1; rm -rf '\(folder)'"
        _ = try ProcessRunner.spawn("/bin/sh", ["-c", script])
    }
}

/// Why the test server could not start or make a database.
public struct TestPostgresError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Database numbers of this process.
private actor Counter {
    private var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}

extension PostgresLocation {
    /// The `postgres://user:password@host:port/database` URL with the password in clear, for
    /// passing a test database to processes (`--store`, `UPDRAFT_STORE`). Tests only: the
    /// stores never print it (``PostgresLocation/description`` masks it).
    public var urlWithPassword: String {
        "postgres://\(user):\(password ?? "")@\(host):\(port)/\(database)"
    }
}
