/// Updraft's release version (separate from the wire protocol version).
public enum UpdraftVersion {
    /// The version string printed by `updraft --version`.
    public static let string = "0.1.0"
}
