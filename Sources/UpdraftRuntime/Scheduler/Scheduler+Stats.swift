extension Scheduler {
    /// The scheduler's figures for the stats endpoint (merged into its gauges):
    /// `pool.slots.POOL`, `pool.used_slots.POOL`, `pool.open_slots.POOL` (absent for an
    /// unlimited pool), and `scheduler.active_runs`.
    public func statsGauges() -> [String: Double] {
        let allocator = makeAllocator()
        var gauges: [String: Double] = ["scheduler.active_runs": Double(runs.count)]
        for (pool, slots) in allocator.poolSlots {
            gauges["pool.slots.\(pool)"] = Double(slots)
            gauges["pool.used_slots.\(pool)"] = Double(allocator.poolUsed[pool] ?? 0)
            if let open = allocator.openSlots(pool: pool) { gauges["pool.open_slots.\(pool)"] = Double(open) }
        }
        return gauges
    }
}
