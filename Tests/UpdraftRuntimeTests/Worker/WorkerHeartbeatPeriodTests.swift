import Testing
@testable import UpdraftRuntime

@Suite("Worker: heartbeat period")
struct WorkerHeartbeatPeriodTests {
    @Test("three quarters of the interval while the executor is heard; a quarter once it is silent past 1.25 intervals")
    func period() {
        let interval = Duration.seconds(1)
        #expect(WorkerLiveness.heartbeatPeriod(interval: interval, silentFor: .milliseconds(200)) == .milliseconds(750))
        #expect(WorkerLiveness.heartbeatPeriod(interval: interval, silentFor: .milliseconds(1250)) == .milliseconds(750))
        #expect(WorkerLiveness.heartbeatPeriod(interval: interval, silentFor: .milliseconds(1251)) == .milliseconds(250))
        #expect(WorkerLiveness.heartbeatPeriod(interval: interval, silentFor: .seconds(4)) == .milliseconds(250))
    }
}
