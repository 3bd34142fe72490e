/// Counters and gauges of an ``Autoscaler`` since it started, for `updraft stats`.
public struct AutoscalerStats: Sendable, Hashable {
    /// Spawns started (the process launched).
    public var spawned = 0
    /// Spawned workers that registered.
    public var registered = 0
    /// Spawned workers retired (drained while idle, then gone).
    public var retired = 0
    /// Spawned workers that vanished without being retired (killed, crashed, lost).
    public var lost = 0
    /// Spawns that failed: could not start, exited before registering, or missed the
    /// registration deadline.
    public var spawnFailures = 0
    /// The last failure's message ("worker spawned-default-3: exit status 1: ...").
    public var lastSpawnError: String?
    /// Spawned workers being started now (not registered yet).
    public var spawning = 0
    /// Spawned workers registered now.
    public var running = 0

    /// All zero.
    public init() {}

    /// Every field as `autoscaler.NAME` → value (the error text is left out).
    public var gauges: [String: Double] {
        [
            "autoscaler.spawned": Double(spawned),
            "autoscaler.registered": Double(registered),
            "autoscaler.retired": Double(retired),
            "autoscaler.lost": Double(lost),
            "autoscaler.spawn_failures": Double(spawnFailures),
            "autoscaler.spawning": Double(spawning),
            "autoscaler.running": Double(running),
        ]
    }
}
