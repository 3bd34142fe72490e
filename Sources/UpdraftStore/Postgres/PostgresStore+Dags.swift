import Foundation
import PostgresNIO
import UpdraftCore

extension PostgresStore {
    /// Inserts unknown DAGs and updates the file and parse time of known ones, never their
    /// paused flag. Bumps the change token.
    public func syncDags(_ dags: [DagRecord]) async throws {
        let logger = logger
        try await externalWrite { connection in
            for dag in dags {
                let parsed = try PostgresWrites.seconds(dag.lastParsedAt, "dag \(dag.dagId) last_parsed_at")
                try await connection.query("""
                    INSERT INTO dag (dag_id, file_location, is_paused, last_parsed_at)
                    VALUES (\(dag.dagId), \(dag.fileLocation), \(dag.isPaused), \(parsed))
                    ON CONFLICT (dag_id) DO UPDATE SET
                        file_location = excluded.file_location, last_parsed_at = excluded.last_parsed_at
                    """, logger: logger)
            }
        }
    }

    /// Every DAG, by dag_id.
    public func dags() async throws -> [DagRecord] {
        try await rows("SELECT * FROM dag ORDER BY dag_id").map(PostgresRecords.dag)
    }

    /// Pauses or unpauses `dagId`, creating its record when unknown. Bumps the change token.
    public func setPaused(dagId: String, _ paused: Bool) async throws {
        let logger = logger
        try await externalWrite { connection in
            try await connection.query("""
                INSERT INTO dag (dag_id, is_paused) VALUES (\(dagId), \(paused))
                ON CONFLICT (dag_id) DO UPDATE SET is_paused = excluded.is_paused
                """, logger: logger)
        }
    }

    /// Replaces all import errors. Bumps the change token.
    public func replaceImportErrors(_ errors: [ImportErrorRecord]) async throws {
        let logger = logger
        try await externalWrite { connection in
            try await connection.query("DELETE FROM import_error", logger: logger)
            for error in errors {
                let stamp = try PostgresWrites.seconds(error.timestamp, "import_error \(error.fileLocation)")
                try await connection.query("""
                    INSERT INTO import_error (file_location, message, timestamp)
                    VALUES (\(error.fileLocation), \(error.message), \(stamp))
                    """, logger: logger)
            }
        }
    }

    /// The import errors of the last parse, by file.
    public func importErrors() async throws -> [ImportErrorRecord] {
        try await rows("SELECT * FROM import_error ORDER BY file_location, id").map(PostgresRecords.importError)
    }

    /// The `connected_worker` rows, by worker id.
    public func connectedWorkers() async throws -> [ConnectedWorkerRecord] {
        try await rows("SELECT * FROM connected_worker ORDER BY worker_id").map(PostgresRecords.connectedWorker)
    }
}
