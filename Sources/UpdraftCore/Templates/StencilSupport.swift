import Stencil

/// The Stencil objects every parse and render shares.
enum StencilSupport {
    // Stencil's `Environment` holds `Extension` classes written before Swift concurrency, so it
    // is not `Sendable`. This one is built once, never mutated afterwards, and parsing and
    // rendering only read it (tags and filters are looked up in dictionaries filled in the
    // extensions' initialisers), so sharing it between threads is safe. Building one per call
    // would cost more than parsing a small template.
    nonisolated(unsafe) static let environment = Environment(extensions: [UpdraftStencilExtension()])

    // `SourceMap`'s initialiser is internal to Stencil, so the map of a lexed template is
    // reused for every token Updraft builds itself. Updraft does not use it for positions
    // (tokens are mapped back to the template by identity); it is an immutable value.
    nonisolated(unsafe) static let sourceMap: SourceMap = Template(templateString: "{{ x }}").tokens[0].sourceMap
}
