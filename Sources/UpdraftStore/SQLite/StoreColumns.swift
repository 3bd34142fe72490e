import Foundation
import GRDB
import UpdraftCore

/// How values are written to and read from the store's columns: dates as REAL seconds
/// since 2001-01-01 UTC (Foundation's reference date, so a `Date` reads back equal to the
/// one written; in SQL: `datetime(x + 978307200, 'unixepoch')`), JSON as text with sorted keys, enums
/// by their Airflow raw value. A value that cannot be read throws ``StoreError``
/// `corruptRow` naming the table, the row and the column.
enum StoreColumns {
    /// Seconds since 2001-01-01 UTC for a date column.
    static func seconds(_ date: Date?) -> Double? { date?.timeIntervalSinceReferenceDate }

    /// The date of a REAL column, nil when NULL.
    static func date(_ row: Row, _ column: String) -> Date? {
        (row[column] as Double?).map { Date(timeIntervalSinceReferenceDate: $0) }
    }

    /// The date of a NOT NULL REAL column.
    static func requiredDate(_ row: Row, _ column: String, table: String, key: @autoclosure () -> String) throws -> Date {
        guard let date = date(row, column) else {
            throw StoreError(.corruptRow, "column \(column) is NULL", context: "\(table) \(key())")
        }
        return date
    }

    /// A value as compact JSON text with sorted keys.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The JSON text of `column` decoded as `T`.
    static func decodeJSON<T: Decodable>(
        _ type: T.Type, _ row: Row, _ column: String, table: String, key: @autoclosure () -> String
    ) throws -> T {
        let text: String = row[column] ?? ""
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptRow, "column \(column) is not valid JSON (\(text.prefix(80)))",
                             context: "\(table) \(key())")
        }
    }

    /// The enum of a TEXT column holding its raw value.
    static func decodeEnum<T: RawRepresentable>(
        _ type: T.Type, _ row: Row, _ column: String, table: String, key: @autoclosure () -> String
    ) throws -> T where T.RawValue == String {
        let text: String = row[column] ?? ""
        guard let value = T(rawValue: text) else {
            throw StoreError(.corruptRow, "column \(column) holds unknown value '\(text)'", context: "\(table) \(key())")
        }
        return value
    }
}
