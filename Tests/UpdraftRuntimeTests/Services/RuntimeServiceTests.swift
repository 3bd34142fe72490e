import Logging
import ServiceLifecycle
import Synchronization
import Testing
@testable import UpdraftRuntime

/// What happened, in order, across the services of one group.
final class ServiceJournal: Sendable {
    private let entries = Mutex<[String]>([])
    func note(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

struct ServiceBodyFailure: Error {}

@Suite("RuntimeService: the parts of a scheduler process in one ServiceGroup")
struct RuntimeServiceTests {
    static let logger = Logger(label: "test.services")

    static func group(_ services: [RuntimeService]) -> ServiceGroup {
        ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map {
                .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: $0.name)
            },
            logger: logger))
    }

    /// A service whose body runs until its stop; both noted.
    static func part(_ name: String, _ journal: ServiceJournal, request: StopRequest,
                     started: AsyncStream<Void>.Continuation? = nil) -> RuntimeService {
        let (ended, end) = AsyncStream<Void>.makeStream()
        return RuntimeService(
            name, request: request,
            body: {
                started?.yield()
                for await _ in ended {}
                journal.note("\(name) body ended")
            },
            stop: { forced in
                journal.note("stop \(name)\(forced ? " (forced)" : "")")
                end.finish()
            })
    }

    @Test("a graceful shutdown stops the services one at a time in reverse order, each body ending before the next stop")
    func reverseOrder() async throws {
        let journal = ServiceJournal()
        let request = StopRequest()
        let group = Self.group(["loop", "scheduler", "executor"].map { Self.part($0, journal, request: request) })
        let running = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(20))
        #expect(journal.all.isEmpty)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(journal.all == [
            "stop executor", "executor body ended",
            "stop scheduler", "scheduler body ended",
            "stop loop", "loop body ended",
        ])
    }

    @Test("a body that ends by itself (a worker told to leave) does not end the group: the service waits for its turn")
    func bodyEndingEarlyWaits() async throws {
        let journal = ServiceJournal()
        let request = StopRequest()
        let (left, leave) = AsyncStream<Void>.makeStream()
        let (gone, bodyEnded) = AsyncStream<Void>.makeStream()
        let early = RuntimeService(
            "workers", request: request,
            body: {
                for await _ in left {}
                journal.note("workers left")
                bodyEnded.finish()
            },
            stop: { _ in journal.note("stop workers") })
        let group = Self.group([Self.part("scheduler", journal, request: request), early])
        let running = Task { try await group.run() }
        leave.finish()
        for await _ in gone {}
        // Had the early end ended the group, the scheduler's stop would come now.
        try await Task.sleep(for: .milliseconds(50))
        #expect(journal.all == ["workers left"], "nothing else stopped")
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(journal.all == ["workers left", "stop workers", "stop scheduler", "scheduler body ended"])
    }

    @Test("a body that fails (the scheduler's commit) ends its service, and the group stops the others in reverse order")
    func failureShutsTheGroupDown() async throws {
        let journal = ServiceJournal()
        let request = StopRequest()
        let failing = RuntimeService(
            "scheduler", request: request, failureEndsGroup: true,
            body: {
                try await Task.sleep(for: .milliseconds(20))
                throw ServiceBodyFailure()
            },
            stop: { _ in journal.note("stop scheduler") })
        let group = Self.group([Self.part("loop", journal, request: request), failing,
                                Self.part("executor", journal, request: request)])
        await #expect(throws: ServiceBodyFailure.self) { try await group.run() }
        #expect(journal.all == ["stop executor", "executor body ended", "stop loop", "loop body ended"])
    }

    @Test("a failing body without failureEndsGroup is only the end of its work: the group runs on")
    func failureWithoutEndingTheGroup() async throws {
        let journal = ServiceJournal()
        let request = StopRequest()
        let failing = RuntimeService(
            "worker", request: request, body: { throw ServiceBodyFailure() }, stop: { _ in journal.note("stop worker") })
        let group = Self.group([Self.part("loop", journal, request: request), failing])
        let running = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(journal.all.isEmpty)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(journal.all == ["stop worker", "stop loop", "loop body ended"])
    }

    @Test("after force() the services stopped from then on are told the stop is forced")
    func forcedStop() async throws {
        let journal = ServiceJournal()
        let request = StopRequest()
        let group = Self.group(["loop", "executor"].map { Self.part($0, journal, request: request) })
        let running = Task { try await group.run() }
        #expect(!request.isForced)
        request.force()
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(journal.all == ["stop executor (forced)", "executor body ended", "stop loop (forced)", "loop body ended"])
    }

    @Test("cancelling the group counts as the stop signal: every service stops, as forced")
    func cancellationStops() async throws {
        let journal = ServiceJournal()
        let request = StopRequest()
        let (started, start) = AsyncStream<Void>.makeStream()
        let group = Self.group(["loop", "executor"].map { Self.part($0, journal, request: request, started: start) })
        let running = Task { try await group.run() }
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        _ = await iterator.next()  // both bodies run
        running.cancel()
        _ = await running.result
        #expect(Set(journal.all) == ["stop executor (forced)", "executor body ended", "stop loop (forced)", "loop body ended"])
    }
}
