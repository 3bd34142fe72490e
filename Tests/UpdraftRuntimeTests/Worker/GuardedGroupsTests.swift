import Testing
@testable import UpdraftRuntime

@Suite("Worker guardian: the groups it kills when the worker dies")
struct GuardedGroupsTests {
    @Test("+PGID lists a group, -PGID takes it off; malformed lines and pgids 0/1 change nothing")
    func lines() {
        var groups = GuardedGroups()
        for line in ["+100", "+200", "-100", "+300", "garbage", "+", "+x", "+1", "+0", "+-5", "*400", "-999"] {
            groups.apply(Substring(line))
        }
        #expect(groups.groups == [200, 300])
    }
}
