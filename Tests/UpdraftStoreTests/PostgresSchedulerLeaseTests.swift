import Foundation
import Testing
import UpdraftCore
import UpdraftPostgresTesting
@testable import UpdraftStore

/// The scheduler lease on a real PostgreSQL server: one holder at a time, the token grows
/// at each change of hands, and a replaced holder's commits are refused whole.
@Suite("PostgreSQL: the scheduler lease and fenced commits")
struct PostgresSchedulerLeaseTests {
    static func candidate(_ name: String) -> SchedulerCandidate {
        SchedulerCandidate(holder: "host:\(name)", hostname: "host", pid: 42, executorEndpoint: "tcp://10.0.0.1:7811")
    }

    static func open() async throws -> (PostgresStore, PostgresStore) {
        let location = try await TestPostgres.shared().freshDatabase()
        return (try await PostgresStore.open(location), try await PostgresStore.open(location))
    }

    @Test("a held lease is refused to another candidate, who is then seen as a contender; it expires and changes hands with token + 1")
    func oneHolderAtATime() async throws {
        let (a, b) = try await Self.open()
        let first = try #require(try await a.acquireSchedulerLease(Self.candidate("a"), ttl: .milliseconds(600)))
        #expect(first.token == 1)
        #expect(try await b.acquireSchedulerLease(Self.candidate("b"), ttl: .seconds(5)) == nil)
        let holder = try #require(try await b.schedulerLeaseHolder())
        #expect(holder.lease == first && holder.pid == 42 && holder.executorEndpoint == "tcp://10.0.0.1:7811")
        #expect(holder.secondsLeft > 0 && holder.secondsLeft <= 0.6)
        let renewal = try #require(try await a.renewSchedulerLease(first, ttl: .milliseconds(600)))
        let since = try #require(renewal.secondsSinceContender, "b asked: the holder learns a standby waits")
        #expect(since >= 0 && since < 5)
        try await Task.sleep(for: .milliseconds(800))
        let second = try #require(try await b.acquireSchedulerLease(Self.candidate("b"), ttl: .seconds(5)))
        #expect(second.token == 2 && second.holder == "host:b")
        #expect(try await a.renewSchedulerLease(first, ttl: .seconds(5)) == nil, "a's term is over: its renewal is refused")
        #expect(try await b.renewSchedulerLease(second, ttl: .seconds(5))?.secondsSinceContender == nil,
                "the contender mark is cleared when the lease changes hands")
        await a.close()
        await b.close()
    }

    @Test("a released lease is taken at once; the token keeps growing")
    func release() async throws {
        let (a, b) = try await Self.open()
        let first = try #require(try await a.acquireSchedulerLease(Self.candidate("a"), ttl: .seconds(30)))
        try await a.releaseSchedulerLease(first)
        let second = try #require(try await b.acquireSchedulerLease(Self.candidate("b"), ttl: .seconds(30)))
        #expect(second.token == first.token + 1)
        await a.close()
        await b.close()
    }

    @Test("candidates racing for a free lease: exactly one wins each round")
    func race() async throws {
        let location = try await TestPostgres.shared().freshDatabase()
        var stores: [PostgresStore] = []
        for _ in 0..<4 { stores.append(try await PostgresStore.open(location)) }
        var lastToken: Int64 = 0
        for round in 0..<5 {
            let winners = try await withThrowingTaskGroup(of: SchedulerLease?.self) { group in
                for (i, store) in stores.enumerated() {
                    group.addTask { try await store.acquireSchedulerLease(Self.candidate("r\(round)c\(i)"), ttl: .seconds(30)) }
                }
                var won: [SchedulerLease] = []
                for try await lease in group { if let lease { won.append(lease) } }
                return won
            }
            #expect(winners.count == 1, "round \(round): \(winners)")
            let winner = try #require(winners.first)
            #expect(winner.token == lastToken + 1)
            lastToken = winner.token
            try await stores[0].releaseSchedulerLease(winner)
        }
        for store in stores { await store.close() }
    }

    @Test("commits fenced with a replaced lease fail with lease_lost and write nothing, in one statement and in a transaction")
    func fencedCommits() async throws {
        let (a, b) = try await Self.open()
        let first = try #require(try await a.acquireSchedulerLease(Self.candidate("a"), ttl: .milliseconds(300)))
        a.fenceCommits(with: first)
        let run = StoreFixtures.run("fenced")
        var ok = StoreBatch()
        ok.dagRuns = [run]
        ok.taskInstances = [StoreFixtures.ti(run, "t", state: .queued, tryNumber: 1)]
        try await a.commit(ok)
        #expect(try await b.taskInstances(dagId: "fenced", runId: run.runId).first?.state == .queued)
        try await Task.sleep(for: .milliseconds(500))
        _ = try #require(try await b.acquireSchedulerLease(Self.candidate("b"), ttl: .seconds(30)))

        var upsert = StoreBatch()
        upsert.taskInstances = [StoreFixtures.ti(run, "t", state: .success, tryNumber: 1)]
        #expect(try PostgresWrites.oneStatement([upsert], fence: first) != nil, "this batch takes the one-statement path")
        var transactional = StoreBatch()
        transactional.taskInstances = [StoreFixtures.ti(run, "t", state: .failed, tryNumber: 1)]
        transactional.workersLeft = ["w1"]
        #expect(try PostgresWrites.oneStatement([transactional], fence: first) == nil, "this one takes the transaction")
        for batch in [upsert, transactional] {
            do {
                try await a.commit(batch)
                Issue.record("a commit fenced with a replaced lease was accepted")
            } catch let error as StoreError {
                #expect(error.code == .leaseLost, "\(error)")
                #expect(error.message.contains("no longer held"), "\(error)")
            }
        }
        #expect(try await b.taskInstances(dagId: "fenced", runId: run.runId).first?.state == .queued, "nothing was written")
        a.fenceCommits(with: nil)
        try await a.commit(upsert)
        #expect(try await b.taskInstances(dagId: "fenced", runId: run.runId).first?.state == .success, "unfenced commits pass")
        await a.close()
        await b.close()
    }
}
