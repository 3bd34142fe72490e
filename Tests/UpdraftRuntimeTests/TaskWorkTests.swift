import Testing
import UpdraftProtocol
@testable import UpdraftRuntime

@Suite struct TaskWorkTests {
    @Test func workKeepsItsPriorityAndKey() {
        var d = WireTaskDispatch()
        d.key.dagID = "d"
        d.key.taskID = "t"
        let work = TaskWork(dispatch: d, priority: 7)
        #expect(work.priority == 7)
        #expect(work.dispatch.key.taskID == "t")
    }
}
