import Foundation
import Testing
import Updraft
@testable import UpdraftCLI

@Suite("Swift DSL")
struct DagDSLTests {
    func upstream(_ dag: Dag, _ taskId: String) -> [String] {
        dag.task(taskId)?.upstreamIds.sorted() ?? ["<missing \(taskId)>"]
    }

    @Test("(a >> [b, c]) >> d: fan-out then fan-in", arguments: [0, 1, 2])
    func bitshiftFanOutIn(spelling: Int) throws {
        let dag = try Dag("shape") {
            let a = EmptyTask("a"), b = BashTask("b", "echo b"), c = BashTask("c", "echo c"), d = EmptyTask("d")
            switch spelling {
            case 0: (a >> [b, c]) >> d
            case 1: chain(a, Parallel(b, c), d)
            default:
                a >> [b, c]
                [b, c] >> d
            }
        }
        #expect(dag.tasks.map(\.taskId) == ["a", "b", "c", "d"])
        #expect(upstream(dag, "a") == [])
        #expect(upstream(dag, "b") == ["a"])
        #expect(upstream(dag, "c") == ["a"])
        #expect(upstream(dag, "d") == ["b", "c"])
        #expect(dag.validate().isEmpty)
    }

    @Test("<< runs right to left, and a chain stands for its right side as in Airflow")
    func leftShift() throws {
        let dag = try Dag("left") {
            let a = EmptyTask("a"), b = EmptyTask("b"), c = EmptyTask("c"), d = EmptyTask("d")
            (a << b) << c            // c, then b, then a
            [a, b] << d              // a and b after d
            (c >> d) << EmptyTask("e")   // d after c and after e
        }
        #expect(upstream(dag, "a") == ["b", "d"])
        #expect(upstream(dag, "b") == ["c", "d"])
        #expect(upstream(dag, "d") == ["c", "e"])
        #expect(upstream(dag, "c") == [])
    }

    @Test("a for-in loop generates a fan-out; tasks used in every turn are declared once")
    func loopFanOut() throws {
        let tables = ["users", "orders", "items"]
        let dag = try Dag("loop") {
            let start = EmptyTask("start")
            let end = EmptyTask("end").triggerRule(.allDone)
            for table in tables {
                chain(start, BashTask("copy_\(table)", "echo copy \(table)"), end)
            }
        }
        #expect(dag.tasks.map(\.taskId) == ["start", "copy_users", "end", "copy_orders", "copy_items"])
        #expect(upstream(dag, "end") == ["copy_items", "copy_orders", "copy_users"])
        #expect(dag.task("end")?.triggerRule == .allDone)
        #expect(dag.validate().isEmpty)
    }

    @Test("if and switch inside the builder")
    func conditionals() throws {
        for full in [true, false] {
            let dag = try Dag("cond") {
                EmptyTask("start")
                if full { BashTask("full", "echo full") } else { BashTask("delta", "echo delta") }
                if full { EmptyTask("extra") }
            }
            #expect(dag.tasks.map(\.taskId) == (full ? ["start", "full", "extra"] : ["start", "delta"]))
        }
    }

    @Test("groups prefix ids, edges to a group reach its roots, from a group its leaves; defaults layer")
    func groups() throws {
        let dag = try Dag("grouped", defaultArgs: TaskDefaults(owner: "data", retries: 1, pool: "p_dag")) {
            let extract = BashTask("extract", "echo e")
            let load = Group("load", defaultArgs: TaskDefaults(retries: 4, pool: "warehouse")) {
                BashTask("a", "echo a") >> BashTask("b", "echo b").pool("special", slots: 2)
                BashTask("c", "echo c")
            }
            chain(extract, load, BashTask("report", "echo r"))
        }
        #expect(dag.tasks.map(\.taskId) == ["extract", "load.a", "load.b", "load.c", "report"])
        #expect(upstream(dag, "load.a") == ["extract"])
        #expect(upstream(dag, "load.c") == ["extract"])
        #expect(upstream(dag, "load.b") == ["load.a"])
        #expect(upstream(dag, "report") == ["load.b", "load.c"])
        #expect(dag.task("load.a")?.retries == 4)
        #expect(dag.task("load.a")?.owner == "data")
        #expect(dag.task("load.a")?.pool == "warehouse")
        #expect(dag.task("load.b")?.pool == "special")
        #expect(dag.task("load.b")?.poolSlots == 2)
        #expect(dag.task("extract")?.pool == "p_dag")
        #expect(dag.taskGroups.map(\.groupId) == ["load"])
        #expect(dag.validate().isEmpty)
    }

    @Test("task modifiers set the same options as YAML keys")
    func modifiers() throws {
        let dag = try Dag("mods") {
            BashTask("t", "echo {{ item }}", skipOnExitCodes: [99, 100])
                .retries(3).retryDelay(.minutes(2)).retryExponentialBackoff(max: .hours(1))
                .executionTimeout(.minutes(30)).priorityWeight(7).weightRule(.absolute).queue("heavy")
                .dependsOnPast().env(["A": "1"]).cwd("/tmp").doc("docs").owner("me")
                .expand(items: ["x", "y"])
        }
        let t = try #require(dag.task("t"))
        #expect(t.retries == 3 && t.retryDelay == .minutes(2) && t.retryExponentialBackoff)
        #expect(t.maxRetryDelay == .hours(1) && t.executionTimeout == .minutes(30))
        #expect(t.priorityWeight == 7 && t.weightRule == .absolute && t.queue == "heavy")
        #expect(t.dependsOnPast && t.env == ["A": "1"] && t.cwd == "/tmp" && t.doc == "docs" && t.owner == "me")
        #expect(t.expand == .items([.string("x"), .string("y")]))
        #expect(t.kind == .bash(BashCommand(command: "echo {{ item }}", skipOnExitCodes: [99, 100])))
    }

    @Test("Swift closures are named dag_id.task_id and run with a context")
    func swiftClosures() async throws {
        struct Count: Codable, Sendable { var rows: Int }
        let dag = try Dag("swifty") {
            Group("g") { SwiftTask("count") { ctx in Count(rows: ctx.mapIndex + 2) } }
            SwiftTask("plain") { _ in .string("ok") }
            SwiftBranchTask("pick") { _ in ["plain"] }
        }
        guard case .swift(let body)? = dag.task("g.count")?.kind else {
            Issue.record("g.count is not a Swift task")
            return
        }
        #expect(body.name == "swifty.g.count")
        let ctx = TaskContext(dagId: "swifty", taskId: "g.count", runId: "r", logicalDate: Date(), mapIndex: 3)
        #expect(try await body.run(ctx) == .object(["rows": .int(5)]))
        guard case .swiftBranch(let pick)? = dag.task("pick")?.kind else {
            Issue.record("pick is not a Swift branch")
            return
        }
        #expect(pick.name == "swifty.pick")
        #expect(try await pick.run(ctx) == .array([.string("plain")]))
    }

    @Test("sensors and expand over another task's result")
    func sensorsAndXComExpand() throws {
        let dag = try Dag("sense") {
            let list = BashTask("list", "echo '[1,2]'")
            SensorTask("wait", .externalTask(ExternalTaskTarget(externalDagId: "other", externalTaskIds: ["x"])),
                       pokeInterval: .seconds(30), timeout: .hours(2), softFail: true) >> list
            BashTask("each", "echo {{ item }}").expand(overResultOf: list)
        }
        #expect(upstream(dag, "each") == ["list"])
        #expect(dag.task("each")?.expand == .xcom(taskId: "list", key: nil))
        guard case .sensor(let spec)? = dag.task("wait")?.kind else {
            Issue.record("wait is not a sensor")
            return
        }
        #expect(spec.pokeInterval == .seconds(30) && spec.timeout == .hours(2) && spec.softFail)
        #expect(dag.validate().isEmpty)
    }

    @Test("settings parse like YAML: schedule, dates, time zone")
    func settings() throws {
        let dag = try Dag("s", schedule: "0 6 * * *", startDate: "2026-01-01", timezone: "Europe/Berlin",
                          tags: ["a"]) { EmptyTask("t") }
        #expect(dag.schedule.description == "0 6 * * *")
        #expect(dag.timezone.identifier == "Europe/Berlin")
        #expect(dag.startDate == ISOTimestamp.parse("2026-01-01T00:00:00+01:00", defaultTimeZone: .utcZone))
        #expect(dag.fileLocation?.hasSuffix("DagDSLTests.swift") == true)
    }

    @Test("bad settings throw every error at once, naming the key")
    func badSettings() {
        do {
            _ = try Dag("bad", schedule: "0 25 * * *", startDate: "yesterday", timezone: "Mars/Base") { EmptyTask("t") }
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.key) == ["timezone", "schedule", "start_date"])
            #expect(error.errors.map(\.code) == [.invalidTimezone, .invalidSchedule, .invalidDate])
            #expect(error.description.contains("25"))
        }
    }

    @Test("graph problems are left to validate(): cycles and duplicate ids")
    func validation() throws {
        let dag = try Dag("cyclic") {
            let a = EmptyTask("a"), b = EmptyTask("b")
            a >> b
            b >> a
            BashTask("a", "echo duplicate")
        }
        let codes = Set(dag.validate().map(\.code))
        #expect(codes.contains(.cycle))
        #expect(dag.validate().contains { $0.message.contains("a -> b -> a") || $0.message.contains("b -> a -> b") })
    }
}
