import Foundation
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// Re-reads variables and connections (the environment's over the store's). A
    /// connection or sensitive variable that cannot be read (bad `UPDRAFT_CONN_*` value,
    /// wrong key file) is logged once and left out: a task that uses it fails naming it.
    func reloadVariablesAndConnections() async throws {
        let environment = ProcessInfo.processInfo.environment
        var stored: [String: String]
        do {
            (stored, sensitiveVariableKeys) = try await VariableVault(store: store, home: home).all()
        } catch {
            sensitiveVariableKeys = try await store.sensitiveVariableKeys()
            stored = try await store.variables().filter { !sensitiveVariableKeys.contains($0.key) }
            logConnectionProblem("sensitive variables not loaded: \(error)")
        }
        variables = EnvironmentVariables.merged(store: stored, environment: environment)
        do {
            let loaded = try await ConnectionVault(store: store, home: home).all(environment: environment)
            connections = loaded.connections
            for problem in loaded.problems { logConnectionProblem("\(problem)") }
        } catch {
            connections = EnvironmentConnections.read(environment).connections
            logConnectionProblem("stored connections not loaded: \(error)")
        }
    }

    private func logConnectionProblem(_ text: String) {
        guard loggedConnectionProblems.insert(text).inserted else { return }
        logger.error("\(text)")
    }

    /// The masker for these variables and connections.
    static func masker(variables: [String: String], sensitiveKeys: Set<String>,
                       connections: [String: Connection]) -> SecretMasker {
        let fromVariables = variables.filter { SensitiveNames.isSensitiveVariable($0.key, marked: sensitiveKeys) }.map(\.value)
        return SecretMasker(secrets: fromVariables + connections.values.flatMap(\.secretValues))
    }
}
