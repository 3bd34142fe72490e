import Testing
import UpdraftCore

/// A broken DAG file and the first error expected from it.
struct BrokenFile: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let code: DagError.Code
    let line: Int
    let column: Int
    let messageContains: String

    var testDescription: String { name }
}

@Suite("YAML DAG files: errors with file:line:column")
struct DagFileErrorTests {
    static let cases: [BrokenFile] = [
        BrokenFile(name: "syntax error", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: [unclosed
            """, code: .yamlSyntax, line: 5, column: 1, messageContains: "invalid YAML"),
        BrokenFile(name: "unknown top-level key with hint", text: """
            dag_id: x
            schedul: "@daily"
            tasks: []
            """, code: .unknownKey, line: 2, column: 1, messageContains: "did you mean 'schedule'"),
        BrokenFile(name: "unknown task key", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                retires: 3
            """, code: .unknownKey, line: 5, column: 5, messageContains: "did you mean 'retries'"),
        BrokenFile(name: "key of another kind", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                filepath: /tmp/x
            """, code: .unknownKey, line: 5, column: 5, messageContains: "only valid for file sensors"),
        BrokenFile(name: "cycle", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                upstream: [c]
              - task_id: b
                bash: echo
                upstream: [a]
              - task_id: c
                bash: echo
                upstream: [b]
            """, code: .cycle, line: 5, column: 15, messageContains: "a -> b -> c -> a"),
        BrokenFile(name: "unknown upstream", text: """
            dag_id: x
            tasks:
              - task_id: extract
                bash: echo
              - task_id: load
                bash: echo
                upstream: [extrct]
            """, code: .unknownUpstream, line: 7, column: 15,
            messageContains: "unknown upstream task 'extrct' of task 'load' (did you mean 'extract'?)"),
        BrokenFile(name: "duplicate task id", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
              - task_id: a
                bash: echo
            """, code: .duplicateTaskId, line: 5, column: 14, messageContains: "duplicate task id 'a'"),
        BrokenFile(name: "unknown trigger rule", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                trigger_rule: all_sucess
            """, code: .unknownTriggerRule, line: 5, column: 19, messageContains: "valid rules: all_success"),
        BrokenFile(name: "unknown weight rule", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                weight_rule: sideways
            """, code: .unknownWeightRule, line: 5, column: 18, messageContains: "downstream, upstream, absolute"),
        BrokenFile(name: "bad cron", text: """
            dag_id: x
            schedule: "0 25 * * *"
            tasks: [{task_id: a, empty: true}]
            """, code: .invalidSchedule, line: 2, column: 11, messageContains: "invalid schedule"),
        BrokenFile(name: "bad timezone", text: """
            dag_id: x
            timezone: Europe/Berlln
            tasks: [{task_id: a, empty: true}]
            """, code: .invalidTimezone, line: 2, column: 11, messageContains: "did you mean 'Europe/Berlin'"),
        BrokenFile(name: "end before start", text: """
            dag_id: x
            start_date: 2026-02-01
            end_date: 2026-01-01
            tasks: [{task_id: a, empty: true}]
            """, code: .invalidDateRange, line: 3, column: 11, messageContains: "before start_date"),
        BrokenFile(name: "bad date", text: """
            dag_id: x
            start_date: 2026-02-30
            tasks: [{task_id: a, empty: true}]
            """, code: .invalidDate, line: 2, column: 13, messageContains: "not a date"),
        BrokenFile(name: "negative retries", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                retries: -1
            """, code: .outOfRange, line: 5, column: 14, messageContains: "retries of task 'a' must be 0 or more"),
        BrokenFile(name: "zero pool slots", text: """
            dag_id: x
            tasks:
              - {task_id: a, bash: echo, pool_slots: 0}
            """, code: .outOfRange, line: 3, column: 42, messageContains: "pool_slots"),
        BrokenFile(name: "sensor missing external_dag_id", text: """
            dag_id: x
            tasks:
              - task_id: s
                sensor: external_task
                external_task_id: load
            """, code: .invalidSensor, line: 3, column: 5, messageContains: "needs external_dag_id"),
        BrokenFile(name: "unknown sensor kind", text: """
            dag_id: x
            tasks:
              - task_id: s
                sensor: http
            """, code: .invalidSensor, line: 4, column: 13, messageContains: "valid kinds"),
        BrokenFile(name: "expand from unknown task", text: """
            dag_id: x
            tasks:
              - task_id: m
                bash: "echo {{ item }}"
                expand: {xcom: lister}
            """, code: .unknownExpandSource, line: 5, column: 13, messageContains: "unknown task 'lister'"),
        BrokenFile(name: "missing dag_id", text: """
            tasks: [{task_id: a, empty: true}]
            """, code: .missingKey, line: 1, column: 1, messageContains: "missing dag_id"),
        BrokenFile(name: "no kind", text: """
            dag_id: x
            tasks:
              - task_id: a
                retries: 1
            """, code: .invalidTaskKind, line: 3, column: 5, messageContains: "exactly one of bash"),
        BrokenFile(name: "wrong type", text: """
            dag_id: x
            max_active_runs: many
            tasks: [{task_id: a, empty: true}]
            """, code: .invalidValue, line: 2, column: 18, messageContains: "whole number"),
        BrokenFile(name: "bad duration", text: """
            dag_id: x
            tasks:
              - {task_id: a, bash: echo, retry_delay: 5 minutes}
            """, code: .invalidValue, line: 3, column: 43, messageContains: "duration"),
        BrokenFile(name: "duplicate key", text: """
            dag_id: x
            dag_id: y
            tasks: [{task_id: a, empty: true}]
            """, code: .yamlSyntax, line: 2, column: 1, messageContains: "duplicate key 'dag_id'"),
        BrokenFile(name: "duplicate task key", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                retries: 1
                retries: 2
            """, code: .yamlSyntax, line: 6, column: 5, messageContains: "duplicate key 'retries'"),
        BrokenFile(name: "unknown group upstream", text: """
            dag_id: x
            tasks:
              - group_id: g
                upstream: [nope]
                tasks: [{task_id: a, empty: true}]
            """, code: .unknownUpstream, line: 3, column: 5, messageContains: "task group 'g'"),
        BrokenFile(name: "template that does not parse", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: "echo {{ ds "
            """, code: .invalidTemplate, line: 4, column: 11, messageContains: "template in bash of task 'a'"),
        BrokenFile(name: "env template that does not parse", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                env: {A: "{% if %}"}
            """, code: .invalidTemplate, line: 5, column: 10, messageContains: "env.A"),
        BrokenFile(name: "empty file", text: "", code: .missingKey, line: 1, column: 1, messageContains: "empty"),
        BrokenFile(name: "not a mapping", text: "- a\n- b\n", code: .invalidValue, line: 1, column: 1,
                   messageContains: "mapping"),
    ]

    @Test("each broken file gives the right code at the right place", arguments: cases)
    func broken(_ c: BrokenFile) throws {
        guard case .failure(let e) = DagFileParser.parse(c.text, file: "dags/bad.yml") else {
            Issue.record("parsed without error")
            return
        }
        let first = try #require(e.errors.first { $0.code == c.code }, "codes: \(e.errors.map(\.code))")
        #expect(first.file == "dags/bad.yml")
        #expect(first.line == c.line)
        #expect(first.column == c.column)
        #expect(first.message.contains(c.messageContains), "\(first.message)")
        #expect(first.description.hasPrefix("dags/bad.yml:\(c.line):\(c.column): error: "))
    }

    @Test("all errors of a file are reported in one pass, ordered by line")
    func allAtOnce() {
        let text = """
            dag_id: x
            catchup: maybe
            tasks:
              - task_id: a
                bash: echo
                trigger_rule: nope
                upstream: [ghost]
              - task_id: a
                bash: echo
            """
        guard case .failure(let e) = DagFileParser.parse(text, file: "f.yml") else {
            Issue.record("parsed without error")
            return
        }
        #expect(Set(e.errors.map(\.code)) == [.invalidValue, .unknownTriggerRule, .unknownUpstream, .duplicateTaskId])
        #expect(e.errors.map { $0.line ?? 0 } == e.errors.map { $0.line ?? 0 }.sorted())
        #expect(e.errors.allSatisfy { $0.dagId == "x" })
    }

    @Test("the description reads like a compiler diagnostic")
    func description() {
        let e = DagError(.unknownUpstream, "unknown upstream task 'extrct' of task 'load' (did you mean 'extract'?)",
                         file: "dags/etl.yml", line: 12, column: 5)
        #expect(e.description == "dags/etl.yml:12:5: error: unknown upstream task 'extrct' of task 'load' (did you mean 'extract'?)")
        #expect(DagError(.cycle, "m", dagId: "d").description == "dag 'd': error: m")
    }
}
