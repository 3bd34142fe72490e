import UpdraftCore

/// One row of `xcom`: a small value a task instance returned (`return_value`) or wrote
/// under another key.
public struct XComRecord: Sendable, Hashable, Codable {
    /// The task instance that produced it.
    public var id: TaskInstanceID
    /// `return_value` or the key written to `$UPDRAFT_XCOM`.
    public var key: String
    /// The value.
    public var value: JSONValue

    /// An XCom value.
    public init(id: TaskInstanceID, key: String = "return_value", value: JSONValue) {
        self.id = id
        self.key = key
        self.value = value
    }
}
