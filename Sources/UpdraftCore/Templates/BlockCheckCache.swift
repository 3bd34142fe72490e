import Synchronization

/// Remembers what Stencil's parser said about a sequence of block tags, so that `validate`
/// parses each distinct block structure once per process.
///
/// Whether a template's blocks parse depends only on its block statements and inline-if
/// expressions, in order: text and plain `{{ }}` expressions cannot make Stencil's parser fail
/// (the rewriter has already checked them). DAG folders repeat the same few structures across
/// many tasks and files, and Stencil's parser costs several microseconds per block tag on
/// Linux, so this keeps `validate` on a large folder cheap. Bounded: cleared when full.
final class BlockCheckCache: Sendable {
    /// A failed parse: the error and the index of the block tag it points at (-1 if none).
    struct Failure: Sendable {
        var code: TemplateError.Code
        var message: String
        var tagIndex: Int
    }

    static let shared = BlockCheckCache(limit: 4096)

    private let limit: Int
    private let entries = Mutex<[String: Failure?]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// nil when `key` was never checked; `.some(nil)` when it parsed fine.
    func outcome(for key: String) -> Failure?? {
        entries.withLock { $0[key] }
    }

    func store(_ failure: Failure?, for key: String) {
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = .some(failure)
        }
    }
}
