import Foundation
import Logging
import PostgresNIO

/// Applies ``PostgresSchema/steps`` that a database has not seen, in one transaction under
/// an advisory lock, so that processes opening the same empty database at once do not
/// migrate it twice.
enum PostgresMigrator {
    /// The advisory lock key held while migrating ("updr" in ASCII).
    static let lockKey: Int64 = 0x7570_6472

    /// Applies the missing steps; returns their numbers. `newerSchema` when the database
    /// records a step this Updraft does not know.
    static func migrate(_ connection: PostgresConnection, logger: Logger, location: PostgresLocation) async throws -> [Int] {
        try await connection.query("BEGIN", logger: logger)
        do {
            // Collected: a SELECT's error surfaces while its rows are read.
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger).collect()
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS updraft_migration (
                    number integer PRIMARY KEY,
                    summary text NOT NULL,
                    applied_at double precision NOT NULL
                )
                """, logger: logger)
            let done = try await appliedNumbers(connection, logger: logger)
            let known = Set(PostgresSchema.steps.map(\.number))
            if let unknown = done.first(where: { !known.contains($0) }) {
                throw StoreError(.newerSchema, "the store was written by a newer Updraft (migration step \(unknown) "
                                 + "is unknown to this one); upgrade Updraft or use another database",
                                 context: location.description)
            }
            var applied: [Int] = []
            for step in PostgresSchema.steps where !done.contains(step.number) {
                for statement in step.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = Date().timeIntervalSinceReferenceDate
                try await connection.query("""
                    INSERT INTO updraft_migration (number, summary, applied_at) VALUES (\(step.number), \(step.summary), \(now))
                    """, logger: logger)
                applied.append(step.number)
            }
            try await connection.query("COMMIT", logger: logger)
            return applied
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The step numbers recorded in `updraft_migration`, in order.
    static func appliedNumbers(_ connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        var numbers: [Int] = []
        for try await (number) in try await connection.query(
            "SELECT number FROM updraft_migration ORDER BY number", logger: logger).decode(Int.self) {
            numbers.append(number)
        }
        return numbers
    }
}
