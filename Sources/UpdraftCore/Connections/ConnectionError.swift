/// Why a connection could not be read, decrypted or found, naming which and where.
public struct ConnectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code's name.
        public var rawValue: String
        /// A code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A connection URI that does not parse.
        public static let invalidURI = Code(rawValue: "invalid_uri")
        /// A connection given as JSON (environment, import file) that does not parse.
        public static let invalidJSON = Code(rawValue: "invalid_json")
        /// A field that is not allowed (bad conn_id, port out of range, extra not an object).
        public static let invalidField = Code(rawValue: "invalid_field")
        /// No connection with that conn_id.
        public static let notFound = Code(rawValue: "not_found")
        /// A stored secret that the key file does not open (another home's key, or damage).
        public static let cannotDecrypt = Code(rawValue: "cannot_decrypt")
        /// The key file is missing where secrets exist, unreadable, or not a key.
        public static let badKeyFile = Code(rawValue: "bad_key_file")
    }

    /// What kind of failure.
    public var code: Code
    /// What is wrong, for people.
    public var message: String
    /// Where: the connection, the variable or the file.
    public var context: String

    /// An error.
    public init(_ code: Code, _ message: String, context: String = "") {
        self.code = code
        self.message = message
        self.context = context
    }

    /// `context: message`.
    public var description: String { context.isEmpty ? message : "\(context): \(message)" }
}
