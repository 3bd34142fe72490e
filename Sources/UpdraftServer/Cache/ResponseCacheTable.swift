import NIOCore

/// The decisions of ``ResponseCache``, as a value: which encoded bodies may be served again.
///
/// An entry is served while the store's data version is the one it was built at and it is
/// younger than `maxAge` (a page also depends on the clock: a DAG's next run). At most
/// `capacity` entries are kept; inserting into a full table first drops the entries of
/// older versions, then the oldest.
struct ResponseCacheTable {
    /// One encoded body.
    struct Entry {
        var version: Int64
        var builtAt: ContinuousClock.Instant
        var body: ByteBuffer
    }

    /// How long an entry lives at most.
    let maxAge: Duration
    /// How many entries are kept.
    let capacity: Int
    private(set) var entries: [String: Entry] = [:]

    init(maxAge: Duration, capacity: Int) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The body stored under `key` if it is still good at `version` and `now`.
    func lookup(_ key: String, version: Int64, now: ContinuousClock.Instant) -> ByteBuffer? {
        guard let entry = entries[key], entry.version == version, now - entry.builtAt < maxAge else { return nil }
        return entry.body
    }

    /// Keeps `body` for `key`, built from what the store held at `version`.
    mutating func insert(_ key: String, version: Int64, builtAt: ContinuousClock.Instant, body: ByteBuffer) {
        if entries[key] == nil, entries.count >= capacity {
            entries = entries.filter { $0.value.version == version }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.builtAt < $1.value.builtAt })?.key {
                entries[oldest] = nil
            }
        }
        entries[key] = Entry(version: version, builtAt: builtAt, body: body)
    }
}
