import Foundation
import GRDB
import UpdraftCore

extension SQLiteStore {
    /// Inserts unknown DAGs (with their `isPaused`, false unless set) and updates the file
    /// and parse time of known ones, never their paused flag. Bumps the change token.
    public func syncDags(_ dags: [DagRecord]) async throws {
        try await externalWrite { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO dag (dag_id, file_location, is_paused, last_parsed_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (dag_id) DO UPDATE SET
                    file_location = excluded.file_location, last_parsed_at = excluded.last_parsed_at
                """)
            for dag in dags {
                try statement.execute(arguments: [dag.dagId, dag.fileLocation, dag.isPaused,
                                                  StoreColumns.seconds(dag.lastParsedAt)])
            }
        }
    }

    /// Every DAG, by dag_id.
    public func dags() async throws -> [DagRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dag ORDER BY dag_id").map(StoreRows.dag)
        }
    }

    /// Pauses or unpauses `dagId`, creating its record when unknown. Bumps the change token.
    public func setPaused(dagId: String, _ paused: Bool) async throws {
        try await externalWrite { db in
            try db.execute(sql: """
                INSERT INTO dag (dag_id, is_paused) VALUES (?, ?)
                ON CONFLICT (dag_id) DO UPDATE SET is_paused = excluded.is_paused
                """, arguments: [dagId, paused])
        }
    }

    /// Replaces all import errors. Bumps the change token.
    public func replaceImportErrors(_ errors: [ImportErrorRecord]) async throws {
        try await externalWrite { db in
            try db.execute(sql: "DELETE FROM import_error")
            let statement = try db.cachedStatement(
                sql: "INSERT INTO import_error (file_location, message, timestamp) VALUES (?, ?, ?)")
            for error in errors {
                try statement.execute(arguments: [error.fileLocation, error.message,
                                                  StoreColumns.seconds(error.timestamp)])
            }
        }
    }

    /// The import errors of the last parse, by file.
    public func importErrors() async throws -> [ImportErrorRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_error ORDER BY file_location, id").map(StoreRows.importError)
        }
    }
}
