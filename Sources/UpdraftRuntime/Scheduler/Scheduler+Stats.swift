extension Scheduler {
    /// The scheduler's figures for the stats endpoint (merged into its gauges):
    /// `pool.slots.POOL`, `pool.used_slots.POOL`, `pool.open_slots.POOL` (absent for an
    /// unlimited pool), `scheduler.active_runs`, and the callback deliveries:
    /// `notifications.sent`, `.failed`, `.retried`, `.pending`.
    public func statsGauges() -> [String: Double] {
        let allocator = makeAllocator()
        let sent = notifier.counters.snapshot
        var gauges: [String: Double] = [
            "scheduler.active_runs": Double(runs.count),
            "notifications.sent": Double(sent.sent), "notifications.failed": Double(sent.failed),
            "notifications.retried": Double(sent.retried), "notifications.pending": Double(sent.pending),
        ]
        for (pool, slots) in allocator.poolSlots {
            gauges["pool.slots.\(pool)"] = Double(slots)
            gauges["pool.used_slots.\(pool)"] = Double(allocator.poolUsed[pool] ?? 0)
            if let open = allocator.openSlots(pool: pool) { gauges["pool.open_slots.\(pool)"] = Double(open) }
        }
        return gauges
    }
}
