/// Replaces secret values with `***` before text leaves the system (task logs, error
/// messages), as Airflow's secrets masker does. A pure value.
///
/// Secrets shorter than ``minimumLength`` are not masked (masking `1` or `ok` everywhere
/// would ruin every log and protect nothing). Longer secrets are replaced first, so a secret
/// that contains another is masked whole.
public struct SecretMasker: Sendable, Hashable {
    /// The shortest value masked (Airflow's `min_length_masked_secret` is 5).
    public static let minimumLength = 5
    /// What a secret becomes.
    public static let replacement = "***"

    /// The secrets, as UTF-8 bytes, longest first.
    let secrets: [[UInt8]]

    /// A masker for `secrets` (short and duplicate values dropped).
    public init(secrets: some Sequence<String>) {
        let kept = Set(secrets.filter { $0.utf8.count >= Self.minimumLength })
        self.secrets = kept.map { Array($0.utf8) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// True when there is nothing to mask (the fast path: text passes unchanged).
    public var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every secret replaced.
    public func mask(_ text: String) -> String {
        guard !isEmpty else { return text }
        return String(decoding: mask(Array(text.utf8)), as: UTF8.self)
    }

    /// `bytes` with every secret replaced.
    public func mask(_ bytes: [UInt8]) -> [UInt8] {
        guard !isEmpty, !bytes.isEmpty else { return bytes }
        return scan(bytes, holdingPartial: false).masked
    }

    /// Masks `bytes` from the start; with `holdingPartial`, stops at the first position from
    /// which the rest is the beginning of a secret (returned as `rest`, to be continued).
    func scan(_ bytes: [UInt8], holdingPartial: Bool) -> (masked: [UInt8], rest: [UInt8]) {
        let star = Array(Self.replacement.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scan: while i < bytes.count {
            let left = bytes.count - i
            for secret in secrets where secret.first == bytes[i] {
                if secret.count <= left {
                    if bytes[i..<(i + secret.count)].elementsEqual(secret) {
                        out += star
                        i += secret.count
                        continue scan
                    }
                } else if holdingPartial, bytes[i...].elementsEqual(secret.prefix(left)) {
                    return (out, Array(bytes[i...]))
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return (out, [])
    }
}

/// Masks a stream that arrives in chunks (a try's log): a secret split across two chunks is
/// still masked, because a chunk's end that may begin a secret is held back until the next
/// chunk (or ``finish()``) shows how it continues. A pure value, one per stream.
public struct StreamMasker: Sendable {
    /// The masker used.
    public let masker: SecretMasker
    private var held: [UInt8] = []

    /// A stream masker over `masker`'s secrets.
    public init(masker: SecretMasker) { self.masker = masker }

    /// What can be written now of `chunk` (masked); a trailing part that may be the start
    /// of a secret is held back.
    public mutating func feed(_ chunk: [UInt8]) -> [UInt8] {
        guard !masker.isEmpty else { return chunk }
        let (masked, rest) = masker.scan(held + chunk, holdingPartial: true)
        held = rest
        return masked
    }

    /// Whatever was held back, masked: call once the stream has ended.
    public mutating func finish() -> [UInt8] {
        defer { held = [] }
        return masker.mask(held)
    }
}

/// Airflow's rule for which names hold secrets: a variable or field whose name contains one
/// of these words (any case) is sensitive.
public enum SensitiveNames {
    /// The words (Airflow's `DEFAULT_SENSITIVE_FIELDS`).
    public static let words = [
        "access_token", "api_key", "apikey", "authorization", "passphrase", "passwd", "password",
        "private_key", "secret", "token", "keyfile_dict", "service_account",
    ]

    /// Whether `name` looks like it holds a secret.
    public static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        return words.contains { lower.contains($0) }
    }

    /// Whether the variable `key` is sensitive: marked so (`variables set --sensitive`, in
    /// `marked`) or secret-named.
    public static func isSensitiveVariable(_ key: String, marked: Set<String>) -> Bool {
        marked.contains(key) || isSensitive(key)
    }
}
