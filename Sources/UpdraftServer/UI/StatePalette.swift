import UpdraftCore
import UpdraftStore

/// One colour per state, the same on every page (grid cells, run squares, graph nodes,
/// Gantt bars, the legend), and how the states of a mapped task's instances fold into one.
enum StatePalette {
    /// Every task-instance and run state with its colour, in legend order. `none` (no
    /// state yet) is drawn as an empty outline.
    static let colours: [(state: String, colour: String)] = [
        ("success", "#1f9d55"), ("running", "#38a1f2"), ("queued", "#8c8c8c"), ("scheduled", "#c9b458"),
        ("up_for_retry", "#f0b400"), ("up_for_reschedule", "#5ec8c8"), ("deferred", "#9b6fd6"),
        ("failed", "#d7263d"), ("upstream_failed", "#f08a4b"), ("skipped", "#e377c2"), ("removed", "#d0d0d0"),
    ]

    /// The CSS class of a state (`s-success`); `s-none` for no state.
    static func cssClass(_ state: String?) -> String {
        guard let state, !state.isEmpty, state != "none" else { return "s-none" }
        return "s-" + state
    }

    /// The CSS of the palette: one custom property per state class.
    static var css: String {
        colours.map { ".s-\($0.state){--c:\($0.colour)}" }.joined(separator: "\n")
    }

    /// The order in which one state of several wins when a mapped task's instances are
    /// shown as one cell: what still needs attention first (failed, running), done last.
    static let foldOrder: [TaskInstanceState] = [
        .failed, .upstreamFailed, .upForRetry, .running, .queued, .scheduled, .upForReschedule, .deferred,
        .none, .skipped, .removed, .success,
    ]

    /// The one state shown for `states` (the instances of a mapped task in one run): the
    /// first of ``foldOrder`` present; nil for none at all.
    static func fold(_ states: [TaskInstanceState]) -> TaskInstanceState? {
        guard !states.isEmpty else { return nil }
        let present = Set(states)
        return foldOrder.first(where: present.contains) ?? states[0]
    }
}
