import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: task logs")
struct LogRouteTests {
    static var base: String { "/dags/etl/dagRuns/\(APIFixture.finishedRun)/taskInstances" }

    @Test("a try's log, then only the bytes after ?offset=N (for tailing)")
    func offsets() async throws {
        try await withAPI { _, http in
            let whole = try await http.get(Self.base + "/extract/logs/1")
            #expect(whole.status == 200)
            #expect(whole.object["content"] as? String == "try 1 line 1\ntry 1 line 2\n")
            #expect(whole.object["offset"] as? Int == 0)
            #expect(whole.object["next_offset"] as? Int == 26)
            let second = try await http.get(Self.base + "/extract/logs/2?offset=13")
            #expect(second.object["content"] as? String == "try 2 line 2\n")
            #expect(second.object["next_offset"] as? Int == 26)
            let end = try await http.get(Self.base + "/extract/logs/2?offset=26")
            #expect(end.object["content"] as? String == "")
            #expect(end.object["next_offset"] as? Int == 26)
        }
    }

    @Test("bad try numbers and offsets: 400; a try not made: 404")
    func badTries() async throws {
        try await withAPI { _, http in
            expectProblem(try await http.get(Self.base + "/extract/logs/0"), 400, mentioning: "try_number")
            expectProblem(try await http.get(Self.base + "/extract/logs/two"), 400, mentioning: "try_number")
            expectProblem(try await http.get(Self.base + "/extract/logs/1?offset=-5"), 400, mentioning: "offset")
            expectProblem(try await http.get(Self.base + "/extract/logs/3"), 404, mentioning: "no try 3")
            expectProblem(try await http.get(Self.base + "/nope/logs/1"), 404, mentioning: "no task 'nope'")
        }
    }

    @Test("ids with '..' or '/' are refused before any file is read", arguments: [
        "/dags/etl/dagRuns/..%2F..%2F/taskInstances/extract/logs/1",
        "/dags/etl/dagRuns/a..b/taskInstances/extract/logs/1",
        "/dags/etl/dagRuns/\(APIFixture.finishedRun)/taskInstances/..%2Fsecret.txt/logs/1",
        "/dags/..%2F..%2Fsecret.txt/dagRuns/x/taskInstances/extract/logs/1",
        "/dags/etl/dagRuns/x%2Fy/taskInstances/extract/logs/1",
    ])
    func traversal(path: String) async throws {
        try await withAPI { _, http in
            let answer = try await http.get(path)
            #expect(answer.isProblem(400, mentioning: "'..'"), "\(answer.status) \(answer.text)")
            #expect(!answer.text.contains("do not serve me"))
        }
    }

    @Test("a log path that resolves outside the logs folder (symlink) is refused")
    func symlinkOutside() async throws {
        try await withAPI { fixture, http in
            let id = TaskInstanceID(dagId: "etl", runId: APIFixture.finishedRun, taskId: "load")
            let file = fixture.home.logFile(for: id, tryNumber: 1)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: file, withDestinationURL: fixture.home.root.appendingPathComponent("secret.txt"))
            let answer = try await http.get(Self.base + "/load/logs/1")
            #expect(answer.isProblem(400, mentioning: "outside the logs folder"), "\(answer.status) \(answer.text)")
            #expect(!answer.text.contains("do not serve me"))
        }
    }
}
