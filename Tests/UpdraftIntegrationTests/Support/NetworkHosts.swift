import Foundation

/// Hosts made of Linux network namespaces: one `server` namespace holding a bridge with
/// address `.1` of a private /24, and worker namespaces joined to that bridge by veth pairs
/// (`.2`, `.3`, ...). Each namespace has only its own loopback and that address, so a
/// process started in a worker namespace (`ip netns exec NAME ...`) reaches the server
/// only through the bridge, as a worker on another machine would. Needs root (or
/// CAP_NET_ADMIN) and Debian's iproute2; ``create(workers:)`` throws, naming the `ip` command
/// that failed, when they are missing. ``remove()`` kills whatever still runs in them and
/// deletes them.
struct NetworkHosts: Sendable {
    /// The `ip` program.
    static let ip: String = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip"

    /// The namespace of the server (the scheduler).
    let server: String
    /// The worker namespaces, in order.
    let workers: [String]
    /// The server's address on the bridge.
    let serverAddress: String
    /// Each worker namespace's address.
    let addresses: [String: String]

    /// Makes the server namespace and `workers` worker namespaces on a random 10.x.y.0/24.
    static func create(workers names: [String], folder: String) async throws -> NetworkHosts {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let net = "10.\(Int.random(in: 100...250)).\(Int.random(in: 1...250))"
        let server = "ud\(tag)-s"
        let workers = names.map { "ud\(tag)-\($0)" }
        var addresses: [String: String] = [:]
        let hosts = NetworkHosts(server: server, workers: workers, serverAddress: "\(net).1", addresses: [:])
        do {
            try await run(["netns", "add", server], folder: folder)
            try await run(["-n", server, "link", "set", "lo", "up"], folder: folder)
            try await run(["-n", server, "link", "add", "br0", "type", "bridge"], folder: folder)
            try await run(["-n", server, "addr", "add", "\(net).1/24", "dev", "br0"], folder: folder)
            try await run(["-n", server, "link", "set", "br0", "up"], folder: folder)
            for (index, name) in workers.enumerated() {
                let address = "\(net).\(index + 2)"
                try await run(["netns", "add", name], folder: folder)
                try await run(["-n", name, "link", "set", "lo", "up"], folder: folder)
                try await run(["link", "add", "v\(index)s", "netns", server, "type", "veth", "peer", "name", "v\(index)w", "netns", name], folder: folder)
                try await run(["-n", server, "link", "set", "v\(index)s", "master", "br0"], folder: folder)
                try await run(["-n", server, "link", "set", "v\(index)s", "up"], folder: folder)
                try await run(["-n", name, "addr", "add", "\(address)/24", "dev", "v\(index)w"], folder: folder)
                try await run(["-n", name, "link", "set", "v\(index)w", "up"], folder: folder)
                addresses[name] = address
            }
        } catch {
            await NetworkHosts(server: server, workers: workers, serverAddress: hosts.serverAddress, addresses: [:]).remove(folder: folder)
            throw error
        }
        return NetworkHosts(server: server, workers: workers, serverAddress: "\(net).1", addresses: addresses)
    }

    /// The processes running in `namespace` (`ip netns pids`).
    static func pids(in namespace: String, folder: String) async -> [Int32] {
        let out = (try? await run(["netns", "pids", namespace], folder: folder)) ?? ""
        return out.split(whereSeparator: \.isNewline).compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// SIGKILLs every process in `namespace`; returns their pids.
    @discardableResult
    static func killAll(in namespace: String, folder: String) async -> [Int32] {
        let pids = await pids(in: namespace, folder: folder)
        for pid in pids { kill(pid, SIGKILL) }
        return pids
    }

    /// Kills what runs in the namespaces and deletes them; returns the ones that could not be
    /// deleted, with why (a test expects none).
    @discardableResult
    func remove(folder: String) async -> [String] {
        var left: [String] = []
        for name in workers + [server] {
            await Self.killAll(in: name, folder: folder)
            do { try await Self.run(["netns", "del", name], folder: folder) } catch { left.append("\(name): \(error)") }
        }
        return left
    }

    /// Runs `ip ARGS` to its end; returns stdout, throws with stderr on a non-zero exit.
    @discardableResult
    static func run(_ arguments: [String], folder: String) async throws -> String {
        let process = try ManagedProcess(name: "ip", executable: ip, arguments: arguments, folder: folder)
        guard let status = await process.waitForExit(timeout: .seconds(30)) else {
            process.signal(SIGKILL)
            throw ClusterError("`ip \(arguments.joined(separator: " "))` did not end within 30 s")
        }
        guard status == 0 else {
            throw ClusterError("`ip \(arguments.joined(separator: " "))` exited \(status) (network namespaces need root and iproute2): \(process.stderr)")
        }
        return process.stdout
    }
}
