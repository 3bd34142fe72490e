import Logging
import PostgresNIO

/// One multi-row `INSERT ... VALUES (...), (...) ON CONFLICT ...` per chunk of rows, so that
/// a group commit of thousands of rows costs a few round trips instead of one per row.
struct PostgresBulkInsert<Row>: Sendable {
    /// The table.
    var table: String
    /// Its columns, in the order `bind` appends them.
    var columns: [String]
    /// What follows the VALUES list (`ON CONFLICT (...) DO UPDATE SET ...`).
    var onConflict: String
    /// Appends one row's values, one per column.
    var bind: @Sendable (Row, inout PostgresBindings) throws -> Void

    /// Rows per statement: PostgreSQL takes at most 65,535 parameters.
    var rowsPerStatement: Int { max(1, 30_000 / columns.count) }

    /// Inserts `rows` (whose keys must be distinct: an upsert cannot touch a row twice).
    func run(_ rows: [Row], _ connection: PostgresConnection, logger: Logger) async throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + rowsPerStatement)]
            var binds = PostgresBindings(capacity: chunk.count * columns.count)
            let sql = try statement(chunk, binds: &binds)
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            start += chunk.count
        }
    }

    /// The upsert of `rows` as one statement; its values are appended to `binds` and
    /// numbered after the ones already there (so several statements can share one query).
    func statement(_ rows: some Collection<Row>, binds: inout PostgresBindings) throws -> String {
        var sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        for (i, row) in rows.enumerated() {
            let base = binds.count
            sql += (i == 0 ? "(" : ", (") + (1...columns.count).map { "$\(base + $0)" }.joined(separator: ", ") + ")"
            try bind(row, &binds)
        }
        return sql + " " + onConflict
    }

    /// `rows` with one row per key, the last one written winning, in first-seen order.
    func lastPerKey<Key: Hashable>(_ rows: [Row], key: (Row) -> Key) -> [Row] {
        var index: [Key: Int] = [:]
        var out: [Row] = []
        for row in rows {
            if let at = index[key(row)] { out[at] = row } else {
                index[key(row)] = out.count
                out.append(row)
            }
        }
        return out
    }
}
