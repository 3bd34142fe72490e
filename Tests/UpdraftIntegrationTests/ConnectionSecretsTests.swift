import Foundation
import Testing
import UpdraftCore
import UpdraftStore

/// A connection password used by tasks (in a template, in `connections:`, as an XCom, in
/// an error) and a variable set with `--sensitive` never appear in a file under the home or
/// in any command's output.
@Suite("Integration: connection secrets stay masked", .timeLimit(.minutes(3)))
struct ConnectionSecretsTests {
    static let password = "s3cr3t/P@ss:w0rd%x!"
    static let encoded = ConnectionURI.percentEncoded(password)
    /// A variable set with `--sensitive` (its name does not look secret).
    static let reportCode = "rc-7Hq2-Zp91"

    static let dag = """
        dag_id: conn_leak
        schedule: null
        start_date: 2026-01-01
        tasks:
          - task_id: use
            connections: [warehouse]
            bash: "echo 'pw={{ conn.warehouse.password }}'; echo \\"uri=$UPDRAFT_CONN_WAREHOUSE\\"; echo 'host={{ conn.warehouse.host }}'; echo 'code={{ var.value.report_code }}'; echo 'err {{ conn.warehouse.password }}' >&2; echo '{{ conn.warehouse.password }}'"
          - task_id: fail
            bash: "echo 'failing with {{ conn.warehouse.password }}' >&2; exit 1"
        """

    /// Every file under `folder` whose bytes contain one of `needles`.
    static func files(under folder: String, containing needles: [String]) -> [String] {
        let patterns = needles.map { Data($0.utf8) }
        var hits: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            let path = folder + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if patterns.contains(where: { data.range(of: $0) != nil }) { hits.append(relative) }
        }
        return hits.sorted()
    }

    @Test("connections add, a run using the password four ways, then every output and every file under the home: no password")
    func passwordNeverLeaks() async throws {
        try await withCluster("conn-secrets", dags: ["conn_leak.yml": Self.dag]) { cluster in
            var outputs: [String] = []
            let uri = "postgres://etl:\(Self.encoded)@db.internal:5432/sales?sslmode=require"
            let added = try await cluster.run(["connections", "add", "warehouse", "--conn-uri", uri, "--home", cluster.home])
            try await cluster.require(added.status == 0, "connections add: \(added.err)")
            outputs += [added.out, added.err]
            let variable = try await cluster.run(["variables", "set", "report_code", Self.reportCode, "--sensitive", "--home", cluster.home])
            try await cluster.require(variable.status == 0, "variables set: \(variable.err)")
            outputs += [variable.out, variable.err]
            try cluster.startScheduler()
            try cluster.startWorker(id: "w1")
            try await cluster.waitForDag("conn_leak")
            let runId = try await cluster.trigger("conn_leak")
            let run = try await cluster.waitForRun("conn_leak", runId)
            #expect(run.state == .failed)
            let instances = try await cluster.taskInstances("conn_leak", runId)
            #expect(instances["use"]?.state == .success)
            #expect(instances["fail"]?.state == .failed)

            let log = try await cluster.run(["tasks", "logs", "conn_leak", runId, "use", "--home", cluster.home])
            #expect(log.status == 0)
            // The templates and the environment variable did get the connection.
            #expect(log.out.contains("pw=***"), "\(log.out)")
            #expect(log.out.contains("uri=postgres://etl:***@db.internal:5432/sales?sslmode=require"), "\(log.out)")
            #expect(log.out.contains("host=db.internal"), "\(log.out)")
            #expect(log.out.contains("code=***"), "\(log.out)")
            outputs += [log.out, log.err]
            for args in [["tasks", "logs", "conn_leak", runId, "fail"], ["tasks", "states", "conn_leak", runId, "--json"],
                         ["connections", "get", "warehouse"], ["connections", "get", "warehouse", "--json"],
                         ["connections", "list"], ["connections", "list", "--json"], ["runs", "list", "conn_leak", "--json"],
                         ["variables", "list"], ["variables", "list", "--json"]] {
                let result = try await cluster.run(args + ["--home", cluster.home])
                #expect(result.status == 0 || args[1] == "logs", "\(args): \(result.err)")
                outputs += [result.out, result.err]
            }
            let get = try await cluster.run(["connections", "get", "warehouse", "--home", cluster.home])
            #expect(get.out.contains("password: ***") && get.out.contains("host: db.internal"), "\(get.out)")
            let xcoms = try await cluster.store().xcoms(dagId: "conn_leak", runId: runId)
            #expect(xcoms.contains { $0.value == .string("***") }, "\(xcoms)")

            let leaked = outputs.filter { $0.contains(Self.password) || $0.contains(Self.encoded) || $0.contains(Self.reportCode) }
            #expect(leaked.isEmpty, "the password is in a command's output: \(leaked)")
            let processes = [cluster.root + "/proc"]
            #expect(Self.files(under: processes[0], containing: [Self.password, Self.encoded, Self.reportCode]).isEmpty,
                    "the password is in a process's output")
            let files = Self.files(under: cluster.home, containing: [Self.password, Self.encoded, Self.reportCode])
            #expect(files.isEmpty, "the password is in files under the home: \(files)")
            // The store holds the connection, sealed: without the key file nothing opens.
            #expect(FileManager.default.fileExists(atPath: cluster.home + "/secret.key"))
        }
    }
}
