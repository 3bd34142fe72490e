import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: mapped task instances and streamed bodies")
struct MappedAndStreamingTests {
    static let run = APIFixture.finishedRun
    static var base: String { "/dags/etl/dagRuns/\(run)/taskInstances" }

    /// Adds `fan[0]` (success, 1 try, log) and `fan[1]` (failed, 2 tries) to the finished run.
    static func addMapped(_ fixture: APIFixture) async throws {
        var batch = StoreBatch()
        for (index, state, tries) in [(0, TaskInstanceState.success, 1), (1, .failed, 2)] {
            batch.taskInstances.append(TaskInstanceRecord(
                id: TaskInstanceID(dagId: "etl", runId: run, taskId: "fan", mapIndex: index), state: state,
                tryNumber: tries, maxTries: 2))
        }
        try await fixture.store.commit(batch)
        let file = fixture.home.logFile(for: TaskInstanceID(dagId: "etl", runId: run, taskId: "fan", mapIndex: 1), tryNumber: 2)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "fan 1 try 2\n".write(to: file, atomically: true, encoding: .utf8)
    }

    @Test("a mapped task needs ?map_index; each index has its own state, tries and log")
    func mapped() async throws {
        try await withAPI { fixture, http in
            try await Self.addMapped(fixture)
            expectProblem(try await http.get(Self.base + "/fan"), 404, mentioning: "pass ?map_index=N")
            let one = try await http.get(Self.base + "/fan?map_index=1")
            #expect(one.object["state"] as? String == "failed")
            #expect(one.object["map_index"] as? Int == 1)
            let tries = try await http.get(Self.base + "/fan/tries?map_index=1")
            #expect(tries.list("task_instances").compactMap { $0["try_number"] as? Int } == [1, 2])
            let log = try await http.get(Self.base + "/fan/logs/2?map_index=1")
            #expect(log.object["content"] as? String == "fan 1 try 2\n")
            // fan[0] succeeded without output: no file, an empty log.
            let quiet = try await http.get(Self.base + "/fan/logs/1?map_index=0")
            #expect(quiet.status == 200)
            #expect(quiet.object["content"] as? String == "")
            // fan[1]'s first try left no file: a 404 naming the try.
            expectProblem(try await http.get(Self.base + "/fan/logs/1?map_index=1"), 404, mentioning: "no log for try 1")
        }
    }

    @Test("a streamed (chunked) body over 1 MiB is a 413 too, and small streamed bodies are read")
    func chunkedBodies() async throws {
        try await withAPI { fixture, http in
            func post(_ data: Data) async throws -> Int {
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(fixture.port)/api/v1/variables")!)
                request.httpMethod = "POST"
                request.httpBodyStream = InputStream(data: data)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                let (_, response) = try await URLSession.shared.data(for: request)
                return (response as? HTTPURLResponse)?.statusCode ?? 0
            }
            let big = Data((#"{"key": "big", "value": ""# + String(repeating: "y", count: 2 << 20) + #""}"#).utf8)
            let bigStatus = try await post(big)
            #expect(bigStatus == 413)
            let bigStored = try await fixture.store.variable("big")
            #expect(bigStored == nil)
            let smallStatus = try await post(Data(#"{"key": "small", "value": "v"}"#.utf8))
            #expect(smallStatus == 200)
            let smallStored = try await fixture.store.variable("small")
            #expect(smallStored == "v")
        }
    }
}
