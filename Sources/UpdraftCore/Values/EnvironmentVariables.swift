/// Variables defined in the environment, as Airflow's `AIRFLOW_VAR_<KEY>`: `UPDRAFT_VAR_<KEY>`
/// defines the variable whose key, upper-cased, is `<KEY>`, and it wins over the store (Airflow
/// asks its environment backend before the metastore). `UPDRAFT_VAR_REPORT_BUCKET=s3://x`
/// gives `{{ var.value.report_bucket }}` = `s3://x`; a store variable `Report_Bucket` is
/// overridden too.
public enum EnvironmentVariables {
    /// The environment prefix.
    public static let prefix = "UPDRAFT_VAR_"

    /// The variables of `environment`, by lower-cased key.
    public static func defined(in environment: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix(prefix) && name.count > prefix.count {
            out[String(name.dropFirst(prefix.count)).lowercased()] = value
        }
        return out
    }

    /// `store` with the environment's variables laid over it: a store key whose upper-cased
    /// form an `UPDRAFT_VAR_` name matches takes the environment's value; the others are added
    /// under their lower-cased key.
    public static func merged(store: [String: String], environment: [String: String]) -> [String: String] {
        let fromEnvironment = defined(in: environment)
        guard !fromEnvironment.isEmpty else { return store }
        var out = store
        var matched: Set<String> = []
        for key in store.keys {
            if let value = fromEnvironment[key.lowercased()] {
                out[key] = value
                matched.insert(key.lowercased())
            }
        }
        for (key, value) in fromEnvironment where !matched.contains(key) { out[key] = value }
        return out
    }

    /// The value of `key` in `environment`, if an `UPDRAFT_VAR_` name defines it.
    public static func value(of key: String, in environment: [String: String]) -> String? {
        environment[prefix + key.uppercased()]
    }
}
