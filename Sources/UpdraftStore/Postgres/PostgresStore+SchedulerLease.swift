import Foundation
import Logging
import PostgresNIO
import UpdraftCore

/// The scheduler lease on PostgreSQL: one row of `scheduler_lease` (step 3 of
/// ``PostgresSchema``), every time read from the server's `clock_timestamp()`.
extension PostgresStore: SchedulerLeasing {
    /// Takes the lease when it is free or expired, in one statement: an upsert whose update
    /// applies only to an expired row, so two standbys racing for it cannot both win.
    public func acquireSchedulerLease(_ candidate: SchedulerCandidate, ttl: Duration) async throws -> SchedulerLease? {
        let seconds = ttl.seconds
        let (holder, host, pid, endpoint) = (candidate.holder, candidate.hostname, candidate.pid, candidate.executorEndpoint)
        let logger = logger
        return try await mapErrors {
            try await client.withConnection { connection -> SchedulerLease? in
                let won = try await connection.query("""
                    INSERT INTO scheduler_lease AS l (name, holder, token, hostname, pid, executor_endpoint, acquired_at, expires_at)
                    VALUES ('scheduler', \(holder), 1, \(host), \(pid), \(endpoint), clock_timestamp(),
                            clock_timestamp() + make_interval(secs => \(seconds)))
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = l.token + 1,
                        hostname = excluded.hostname, pid = excluded.pid, executor_endpoint = excluded.executor_endpoint,
                        acquired_at = excluded.acquired_at, expires_at = excluded.expires_at, contender_at = NULL
                    WHERE l.expires_at < clock_timestamp()
                    RETURNING token
                    """, logger: logger).collect().first
                if let won { return SchedulerLease(holder: holder, token: try won.decode(Int64.self)) }
                try await connection.query(
                    "UPDATE scheduler_lease SET contender_at = clock_timestamp() WHERE name = 'scheduler'", logger: logger)
                return nil
            }
        }
    }

    /// Extends the term when `lease` is still the current one.
    public func renewSchedulerLease(_ lease: SchedulerLease, ttl: Duration) async throws -> SchedulerRenewal? {
        let seconds = ttl.seconds
        let rows = try await rows("""
            UPDATE scheduler_lease SET expires_at = clock_timestamp() + make_interval(secs => \(seconds))
            WHERE name = 'scheduler' AND holder = \(lease.holder) AND token = \(lease.token)
            RETURNING EXTRACT(EPOCH FROM clock_timestamp() - contender_at)::float8 AS since_contender
            """)
        guard let row = rows.first else { return nil }
        return SchedulerRenewal(secondsSinceContender: try PostgresColumns(row, table: "scheduler_lease")
            .optional("since_contender", as: Double.self))
    }

    /// Expires the term now; the token stays, so the next holder's is still larger.
    public func releaseSchedulerLease(_ lease: SchedulerLease) async throws {
        _ = try await rows("""
            UPDATE scheduler_lease SET expires_at = clock_timestamp() - interval '1 second'
            WHERE name = 'scheduler' AND holder = \(lease.holder) AND token = \(lease.token)
            """)
    }

    /// The row, with the seconds left and since the last contender by the server's clock.
    public func schedulerLeaseHolder() async throws -> SchedulerLeaseHolder? {
        guard let row = try await rows("""
            SELECT holder, token, hostname, pid, executor_endpoint,
                EXTRACT(EPOCH FROM expires_at - clock_timestamp())::float8 AS seconds_left,
                EXTRACT(EPOCH FROM clock_timestamp() - contender_at)::float8 AS since_contender
            FROM scheduler_lease WHERE name = 'scheduler'
            """).first else { return nil }
        let c = PostgresColumns(row, table: "scheduler_lease")
        return SchedulerLeaseHolder(
            lease: SchedulerLease(holder: try c.string("holder"), token: try c.value("token", as: Int64.self)),
            hostname: try c.string("hostname"), pid: try c.value("pid", as: Int32.self),
            executorEndpoint: try c.string("executor_endpoint"), secondsLeft: try c.value("seconds_left", as: Double.self),
            secondsSinceContender: try c.optional("since_contender", as: Double.self))
    }

    /// Group commits check `lease` from now on (``CommitFence``).
    public func fenceCommits(with lease: SchedulerLease?) { fence.set(lease) }
}
