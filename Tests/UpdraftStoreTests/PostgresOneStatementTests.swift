import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("PostgreSQL: a group commit of upserts as one statement")
struct PostgresOneStatementTests {
    let run = StoreFixtures.run()

    @Test("the batches of a group merge into one statement, each key written once, the last write winning")
    func merged() throws {
        var first = StoreBatch()
        first.dagRuns = [run]
        first.taskInstances = [StoreFixtures.ti(run, "t", state: .running, tryNumber: 1, maxTries: 3)]
        var second = StoreBatch()
        let done = StoreFixtures.ti(run, "t", state: .success, tryNumber: 1, maxTries: 5)
        second.taskInstances = [done, StoreFixtures.ti(run, "u", state: .queued, tryNumber: 1)]
        second.xcoms = [XComRecord(id: done.id, value: .int(1))]
        let query = try #require(try PostgresWrites.oneStatement([first, second]))
        let sql = query.sql
        #expect(sql.hasPrefix("WITH bump AS (UPDATE store_version SET data_version = data_version + 1 WHERE id = 1)"))
        #expect(sql.components(separatedBy: "INSERT INTO dag_run").count == 2)
        #expect(sql.components(separatedBy: "INSERT INTO task_instance").count == 2)
        #expect(sql.components(separatedBy: "INSERT INTO xcom").count == 2)
        // One run (11 columns), two task instances (20 each: t once), one XCom (6).
        #expect(query.binds.count == 11 + 2 * 20 + 6)
        #expect(sql.contains("$57") && !sql.contains("$58"))
        let rows = PostgresBatchWrites.firstInsertRetries(first.taskInstances + second.taskInstances)
        #expect(rows.map(\.record.state) == [.success, .queued])
        #expect(rows.first?.retries == 3, "retries is the first insert's max_tries")
    }

    @Test("clearing XComs, workers, or more than one statement's values take the transaction")
    func fallsBack() throws {
        var clears = StoreBatch()
        clears.taskInstances = [StoreFixtures.ti(run, "t")]
        clears.clearXComsOf = [clears.taskInstances[0].id]
        #expect(try PostgresWrites.oneStatement([clears]) == nil)
        var worker = StoreBatch()
        worker.workersLeft = ["w1"]
        #expect(try PostgresWrites.oneStatement([StoreBatch(), worker]) == nil)
        var large = StoreBatch()
        large.taskInstances = (0..<1_501).map { StoreFixtures.ti(run, "t\($0)") }  // 30,020 values
        #expect(try PostgresWrites.oneStatement([large]) == nil)
        large.taskInstances.removeLast()
        #expect(try PostgresWrites.oneStatement([large]) != nil)
    }
}
