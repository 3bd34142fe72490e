import Synchronization

/// Template texts already known to parse, shared by every validation in the process.
///
/// DAG folders repeat the same templates many times (`{{ params.region }}` in every task's
/// env); parsing each with Stencil was a third of the loading time of a large folder.
/// Only texts without errors are kept (errors are rare and need their positions), at most
/// ``limit`` of them, so memory stays bounded.
enum ValidTemplateCache {
    /// Most texts kept; beyond this, new texts are checked every time.
    static let limit = 20_000
    private static let known = Mutex<Set<String>>([])

    /// The template errors of `text` (empty when it parses).
    static func errors(_ text: String, location: TemplateLocation) -> [TemplateError] {
        if known.withLock({ $0.contains(text) }) { return [] }
        let errors = TemplateRenderer.validate(text, location: location)
        if errors.isEmpty {
            known.withLock { set in
                if set.count < limit { set.insert(text) }
            }
        }
        return errors
    }
}
