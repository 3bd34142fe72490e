import Foundation
import PostgresNIO
import UpdraftCore

/// One row read from PostgreSQL, its columns read by name; a NULL in a NOT NULL column or
/// a value of the wrong type throws ``StoreError`` `corruptRow` naming the table and column.
struct PostgresColumns {
    let row: PostgresRandomAccessRow
    let table: String

    init(_ row: PostgresRandomAccessRow, table: String) {
        self.row = row
        self.table = table
    }

    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T where T._DecodableType == T {
        do {
            return try row[column].decode(T.self)
        } catch {
            throw StoreError(.corruptRow, "column \(column) cannot be read as \(T.self)", context: table)
        }
    }

    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? where T._DecodableType == T {
        do {
            return try row[column].decode(T?.self)
        } catch {
            throw StoreError(.corruptRow, "column \(column) cannot be read as \(T.self)", context: table)
        }
    }

    func string(_ column: String) throws -> String { try value(column) }
    func int(_ column: String) throws -> Int { try value(column) }
    func optionalDate(_ column: String) throws -> Date? {
        try optional(column, as: Double.self).map { Date(timeIntervalSinceReferenceDate: $0) }
    }
    func date(_ column: String) throws -> Date {
        guard let date = try optionalDate(column) else {
            throw StoreError(.corruptRow, "column \(column) is NULL", context: table)
        }
        return date
    }
    func enumValue<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        let text = try string(column)
        guard let value = T(rawValue: text) else {
            throw StoreError(.corruptRow, "column \(column) holds unknown value '\(text)'", context: table)
        }
        return value
    }
    func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T {
        let text = try string(column)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptRow, "column \(column) is not valid JSON (\(text.prefix(80)))", context: table)
        }
    }
}
