import Foundation
import UpdraftCore

/// Variables with their sensitive ones sealed: the one place that seals and opens variable
/// values. A variable is sensitive when set with `sensitive: true`, when it was sensitive
/// before (the mark sticks until the variable is deleted), or when its key looks secret
/// (Airflow's rule, ``UpdraftCore/SensitiveNames``); its value is stored sealed with the
/// home's ``SecretBox`` (base64 text in the `value` column) and the row marked
/// `is_sensitive`, so a store copied without the key file reveals none of them.
///
/// Variables written before marks existed (a secret-named key stored in clear) are read
/// as they are; setting one again seals it.
public struct VariableVault: Sendable {
    /// The store holding the variables.
    public let store: any MetaStore
    /// The key file (`secret.key` in the home).
    public let keyPath: String

    /// A vault over `store` with `home`'s key.
    public init(store: any MetaStore, home: UpdraftHome) {
        self.store = store
        keyPath = home.secretKeyPath
    }

    /// Every stored variable, opened, and the keys marked sensitive.
    public func all() async throws -> (values: [String: String], sensitiveKeys: Set<String>) {
        var values = try await store.variables()
        let marked = try await store.sensitiveVariableKeys()
        let sealed = marked.filter { values[$0] != nil }
        if !sealed.isEmpty {
            let box = try SecretBox.forReading(keyPath: keyPath)
            for key in sealed { values[key] = try open(values[key] ?? "", key: key, box) }
        }
        return (values, marked)
    }

    /// One stored variable, opened, and whether it is sensitive; nil when there is none.
    public func value(_ key: String) async throws -> (value: String, isSensitive: Bool)? {
        guard let stored = try await store.variable(key) else { return nil }
        guard try await store.sensitiveVariableKeys().contains(key) else {
            return (stored, SensitiveNames.isSensitive(key))
        }
        return (try open(stored, key: key, try SecretBox.forReading(keyPath: keyPath)), true)
    }

    /// Stores `value` under `key`, sealed when the variable is sensitive (see the type's
    /// doc); returns whether it is.
    @discardableResult
    public func set(_ key: String, _ value: String, sensitive: Bool) async throws -> Bool {
        let marked = try await store.sensitiveVariableKeys()
        let isSensitive = sensitive || SensitiveNames.isSensitive(key) || marked.contains(key)
        guard isSensitive else {
            try await store.setVariable(key, value, sensitive: false)
            return false
        }
        let sealed = try SecretBox.forWriting(keyPath: keyPath).seal(value).base64EncodedString()
        try await store.setVariable(key, sealed, sensitive: true)
        return true
    }

    private func open(_ stored: String, key: String, _ box: SecretBox) throws -> String {
        guard let data = Data(base64Encoded: stored) else {
            throw ConnectionError(.cannotDecrypt, "variable '\(key)' is marked sensitive but its stored value is not sealed",
                                  context: keyPath)
        }
        return try box.open(data, what: "variable '\(key)'")
    }
}
