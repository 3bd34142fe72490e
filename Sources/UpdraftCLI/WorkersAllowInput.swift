import Foundation
import UpdraftRuntime
import UpdraftStore
import UpdraftWire

/// The arguments of `updraft workers allow`, checked before the store is opened: each
/// problem is one line naming the field (exit code 2, nothing written).
struct WorkersAllowInput: Equatable {
    var name: String
    var key: CurveKey
    var role: ClientKeyRole
    var queues: [String]

    /// Parses and checks; the error is the line to print.
    static func parse(key: String, name: String, role: String, queues: String?) -> Result<WorkersAllowInput, WorkersInputError> {
        guard let parsedRole = ClientKeyRole(rawValue: role) else {
            return .failure(.init("--role: '\(role)' is not a role; use worker or subscriber"))
        }
        if name.isEmpty { return .failure(.init("--name: empty; give the key a name (its User-Id in logs)")) }
        if name.contains(where: { $0.isWhitespace || $0 == "," }) {
            return .failure(.init("--name: '\(name)' contains whitespace or a comma"))
        }
        if name == HomeCurveKeys.clientName {
            return .failure(.init("--name: '\(name)' is reserved for the home's own key (spawned workers, local tools)"))
        }
        var queueList: [String] = []
        if let queues {
            queueList = queues.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if queueList.contains(where: \.isEmpty) {
                return .failure(.init("--queues: empty queue name in '\(queues)'; list them as etl,heavy"))
            }
            if parsedRole == .subscriber {
                return .failure(.init("--queues: a subscriber key serves no queue; only --role worker takes --queues"))
            }
        }
        let parsedKey: CurveKey
        do throws(CurveKeyError) {
            parsedKey = try readKey(key)
        } catch {
            return .failure(.init("KEY: \(error.message)"))
        }
        return .success(WorkersAllowInput(name: name, key: parsedKey, role: parsedRole, queues: queueList))
    }

    /// The key of a `.pub` file (an existing file, or text with `/` or ending `.pub`), else Z85 text.
    static func readKey(_ text: String) throws(CurveKeyError) -> CurveKey {
        if FileManager.default.fileExists(atPath: text) || text.hasSuffix(".pub") || text.hasSuffix(".key")
            || (text.contains("/") && text.utf8.count != 40) {
            if text.hasSuffix(".key") {
                throw CurveKeyError("\(text) looks like a secret key file; give the public key (.pub)")
            }
            return try CurveKeyFile.readPublicKey(at: text)
        }
        return try CurveKey(z85: text)
    }

    /// The record to store.
    func record(at date: Date) -> AllowedKeyRecord {
        AllowedKeyRecord(name: name, publicKey: key.z85, role: role, queues: queues, addedAt: date)
    }
}

/// One line saying which argument of a `workers` command is wrong.
struct WorkersInputError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
