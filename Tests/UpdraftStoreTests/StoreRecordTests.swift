import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite struct StoreRecordTests {
    @Test func durationIsEndMinusStart() {
        var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: "d", runId: "r", taskId: "t"))
        #expect(ti.duration == nil)
        ti.startDate = Date(timeIntervalSince1970: 10)
        ti.endDate = Date(timeIntervalSince1970: 12.5)
        #expect(ti.duration == 2.5)
    }

    @Test func batchIsEmptyUntilSomethingIsAdded() {
        var batch = StoreBatch()
        #expect(batch.isEmpty)
        batch.xcoms.append(XComRecord(id: TaskInstanceID(dagId: "d", runId: "r", taskId: "t"), value: .int(1)))
        #expect(!batch.isEmpty)
    }
}
