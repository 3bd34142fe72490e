import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// What `dags pause` and `dags unpause` share.
enum DagPausing {
    /// The `--json` document.
    struct Output: Codable, Equatable {
        var dagId: String
        var isPaused: Bool

        enum CodingKeys: String, CodingKey { case dagId = "dag_id", isPaused = "is_paused" }
    }

    /// Sets the paused flag of a DAG known to the store or found in the DAG folder (a DAG
    /// the scheduler has not parsed yet); anything else is an error and changes nothing.
    static func set(dagId: String, paused: Bool, location: DagFolderOptions, json: Bool,
                    io: CommandIO) async throws -> Int32 {
        let home = UpdraftHome.resolve(explicit: location.home)
        return try await StoreAccess.run(home: home, store: location.store, io: io) { store in
            let known = try await store.dags().contains { $0.dagId == dagId }
            if !known {
                guard let bag = await DagSource.load(folder: location.folder(), io: io),
                      DagSource.dag(dagId, in: bag, io: io) != nil else { return 1 }
            }
            try await store.setPaused(dagId: dagId, paused)
            if json {
                io.out(try JSONOutput.encode(Output(dagId: dagId, isPaused: paused)))
            } else {
                io.out("\(paused ? "paused" : "unpaused") DAG '\(dagId)'")
            }
            return 0
        }
    }
}
