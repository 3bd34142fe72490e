import Testing
@testable import UpdraftCore

@Suite("pools.yml: the pools of a DAG folder")
struct PoolsFileTests {
    func errors(_ text: String) -> [DagError] {
        guard case .failure(let e) = PoolsFile.parse(text, file: "dags/pools.yml") else { return [] }
        return e.errors
    }

    @Test("names, slots (a count or unlimited) and descriptions")
    func good() throws {
        let text = """
        pools:
          - name: small_tables
            slots: 4
            description: copies of small tables
          - {name: large_tables, slots: 1}
          - {name: api, slots: unlimited}
          - {name: off, slots: 0}
        """
        let pools = try PoolsFile.parse(text, file: "dags/pools.yml").get()
        #expect(pools == [
            PoolSpec(name: "small_tables", slots: 4, description: "copies of small tables"),
            PoolSpec(name: "large_tables", slots: 1), PoolSpec(name: "api", slots: -1), PoolSpec(name: "off", slots: 0),
        ])
        #expect(try PoolsFile.parse("pools: []\n", file: "p.yml").get().isEmpty)
    }

    @Test("bad input: each error names the file, line and what is wrong", arguments: [
        ("pools:\n  - {name: a, slot: 4}\n", 2, "unknown key 'slot' in a pool"),
        ("pools:\n  - {slots: 4}\n", 2, "a pool needs a name"),
        ("pools:\n  - {name: a}\n", 2, "pool 'a' needs slots"),
        ("pools:\n  - {name: a, slots: many}\n", 2, "slots of pool 'a' must be a whole number ≥ 0 or unlimited, got 'many'"),
        ("pools:\n  - {name: a, slots: -2}\n", 2, "got '-2'"),
        ("pools:\n  - {name: a, slots: 2.5}\n", 2, "got '2.5'"),
        ("pools:\n  - {name: a, slots: 1}\n  - {name: a, slots: 2}\n", 3, "pool 'a' is declared twice (first on line 2)"),
        ("pools:\n  - {name: 'my pool', slots: 1}\n", 2, "pool name 'my pool' must be non-empty with no spaces"),
        ("pools: {small: 4}\n", 1, "pools must be a list of pools"),
        ("pool:\n  - {name: a, slots: 1}\n", 1, "unknown key 'pool' in a pools file"),
        ("pools:\n  - {name: a, slots: 1\n", 3, "invalid YAML"),
        ("", 1, "the pools file is empty"),
        ("- {name: a, slots: 1}\n", 1, "a pools file must be a mapping"),
    ])
    func bad(_ text: String, _ line: Int, _ message: String) {
        let found = errors(text)
        #expect(!found.isEmpty, "no error for \(text)")
        #expect(found.contains { $0.file == "dags/pools.yml" && $0.line == line && $0.message.contains(message) },
                "\(found.map(\.description))")
    }

    @Test("only the folder's top-level pools.yml / pools.yaml is the pools file")
    func which() {
        #expect(PoolsFile.isPoolsFile(relativePath: "pools.yml"))
        #expect(PoolsFile.isPoolsFile(relativePath: "pools.yaml"))
        #expect(!PoolsFile.isPoolsFile(relativePath: "team/pools.yml"))
        #expect(!PoolsFile.isPoolsFile(relativePath: "my_pools.yml"))
    }
}

@Suite("UPDRAFT_VAR_<KEY>: variables from the environment")
struct EnvironmentVariablesTests {
    @Test("defined by upper-cased key, winning over the store, other environment names ignored")
    func merged() {
        let env = ["UPDRAFT_VAR_REPORT_BUCKET": "s3://env", "UPDRAFT_VAR_NEW": "n", "UPDRAFT_VAR_": "x", "HOME": "/root", "AIRFLOW_VAR_A": "a"]
        #expect(EnvironmentVariables.defined(in: env) == ["report_bucket": "s3://env", "new": "n"])
        let store = ["Report_Bucket": "s3://store", "kept": "k"]
        #expect(EnvironmentVariables.merged(store: store, environment: env) == ["Report_Bucket": "s3://env", "kept": "k", "new": "n"])
        #expect(EnvironmentVariables.merged(store: store, environment: [:]) == store)
        #expect(EnvironmentVariables.value(of: "report_bucket", in: env) == "s3://env")
        #expect(EnvironmentVariables.value(of: "kept", in: env) == nil)
    }
}
