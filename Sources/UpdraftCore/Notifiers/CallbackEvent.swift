/// What a callback fires on, with Airflow's key names.
public enum CallbackEvent: String, Sendable, Hashable, CaseIterable {
    /// A task instance failed for good (no retries left), or a DAG run failed.
    case failure
    /// A task instance succeeded, or a DAG run succeeded.
    case success
    /// A try failed and the instance goes up for retry.
    case retry
    /// A try ended skipped (skip exit code, sensor soft fail); not tasks skipped by a branch
    /// or a trigger rule, which never ran (as Airflow's `on_skipped_callback`).
    case skipped

    /// `on_failure_callback`, `on_success_callback`, `on_retry_callback`, `on_skipped_callback`.
    public var key: String { "on_\(rawValue)_callback" }

    /// The event of a callback key, nil for other keys.
    public init?(key: String) {
        guard key.hasPrefix("on_"), key.hasSuffix("_callback") else { return nil }
        self.init(rawValue: String(key.dropFirst(3).dropLast(9)))
    }

    /// The keys valid on tasks and in `default_args`.
    public static let taskKeys: Set<String> = Set(allCases.map(\.key))
    /// The keys valid at the top of a DAG file (run end).
    public static let dagKeys: Set<String> = [CallbackEvent.success.key, CallbackEvent.failure.key]
}

/// The notifiers of each callback event of a task (or of a DAG: success and failure only).
///
/// In ``TaskDefaults`` an event that is not set (nil) takes the outer layer's list; a set
/// list, even empty, replaces it (`on_failure_callback: []` turns the DAG's default off).
public struct Callbacks: Sendable, Hashable {
    /// Notifiers by event; an absent event is "not set here".
    public var notifiers: [CallbackEvent: [NotifierSpec]]

    /// Callbacks with `notifiers`.
    public init(_ notifiers: [CallbackEvent: [NotifierSpec]] = [:]) { self.notifiers = notifiers }

    /// The notifiers of `event` (empty when none).
    public subscript(event: CallbackEvent) -> [NotifierSpec] {
        get { notifiers[event] ?? [] }
        set { notifiers[event] = newValue }
    }

    /// True when no event has a notifier.
    public var isEmpty: Bool { notifiers.values.allSatisfy(\.isEmpty) }

    /// These callbacks with every event that `inner` sets replaced by `inner`'s list.
    public func overlaid(with inner: Callbacks) -> Callbacks {
        Callbacks(notifiers.merging(inner.notifiers) { _, new in new })
    }
}
