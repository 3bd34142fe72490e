import Foundation

/// Where PostgreSQL's server programs (`initdb`, `pg_ctl`) are: the first directory of
/// `$PATH` that has `initdb`, else the newest `/usr/lib/postgresql/*/bin` (Debian keeps
/// them off the PATH).
public struct PostgresBinaries: Sendable, Hashable {
    /// The folder holding `initdb` and `pg_ctl`.
    public var folder: String

    /// `initdb`'s path.
    public var initdb: String { folder + "/initdb" }
    /// `pg_ctl`'s path.
    public var pgCtl: String { folder + "/pg_ctl" }

    /// The binaries found on this machine, or nil (then `.ci/setup` installs Debian's `postgresql`).
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> PostgresBinaries? {
        let fm = FileManager.default
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in path where fm.isExecutableFile(atPath: folder + "/initdb") && fm.isExecutableFile(atPath: folder + "/pg_ctl") {
            return PostgresBinaries(folder: folder)
        }
        let versions = (try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let folder = "/usr/lib/postgresql/\(version)/bin"
            if fm.isExecutableFile(atPath: folder + "/initdb") { return PostgresBinaries(folder: folder) }
        }
        return nil
    }
}
