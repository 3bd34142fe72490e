import Foundation
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// Re-reads variables and connections (the environment's over the store's). A
    /// connection that cannot be read (bad `UPDRAFT_CONN_*` value, wrong key file) is
    /// logged once and left out: a task that uses it fails naming it.
    func reloadVariablesAndConnections() async throws {
        let environment = ProcessInfo.processInfo.environment
        variables = EnvironmentVariables.merged(store: try await store.variables(), environment: environment)
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
    static func masker(variables: [String: String], connections: [String: Connection]) -> SecretMasker {
        let fromVariables = variables.filter { SensitiveNames.isSensitive($0.key) }.map(\.value)
        return SecretMasker(secrets: fromVariables + connections.values.flatMap(\.secretValues))
    }
}
