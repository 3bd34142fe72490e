import Foundation
import UpdraftCore
import UpdraftStore

extension APIWire {
    /// A tag (Airflow writes tags as objects).
    struct Tag: Codable, Equatable {
        var name: String
    }

    /// A run in a DAG's `recent_dag_runs`.
    struct RunState: Codable, Equatable {
        var dagRunId: String
        var state: String
        var logicalDate: String?
        enum CodingKeys: String, CodingKey { case dagRunId = "dag_run_id", state, logicalDate = "logical_date" }
    }

    /// One DAG of `GET /dags`, and the head of `GET /dags/{dag_id}`.
    struct DagSummary: Codable, Equatable {
        var dagId: String
        var description: String?
        var fileLoc: String?
        var isPaused: Bool
        var hasDefinition: Bool
        var schedule: String?
        var timezone: String?
        var tags: [Tag]
        var nextDagrun: String?
        var nextDagrunDataIntervalStart: String?
        var nextDagrunDataIntervalEnd: String?
        var nextDagrunCreateAfter: String?
        var maxActiveRuns: Int?
        var maxActiveTasks: Int?
        var lastParsedTime: String?
        var recentDagRuns: [RunState]

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", description, fileLoc = "file_loc", isPaused = "is_paused"
            case hasDefinition = "has_definition", schedule, timezone, tags
            case nextDagrun = "next_dagrun", nextDagrunDataIntervalStart = "next_dagrun_data_interval_start"
            case nextDagrunDataIntervalEnd = "next_dagrun_data_interval_end"
            case nextDagrunCreateAfter = "next_dagrun_create_after"
            case maxActiveRuns = "max_active_runs", maxActiveTasks = "max_active_tasks"
            case lastParsedTime = "last_parsed_time", recentDagRuns = "recent_dag_runs"
        }

        init(record: DagRecord, dag: Dag?, next: DagRunInfo?, recent: [DagRunRecord]) {
            dagId = record.dagId
            description = dag?.description
            fileLoc = record.fileLocation
            isPaused = record.isPaused
            hasDefinition = dag != nil
            schedule = dag?.schedule.description
            timezone = dag?.timezone.identifier
            tags = (dag?.tags ?? []).map(Tag.init)
            nextDagrun = APIWire.date(next?.logicalDate)
            nextDagrunDataIntervalStart = APIWire.date(next?.dataInterval.start)
            nextDagrunDataIntervalEnd = APIWire.date(next?.dataInterval.end)
            nextDagrunCreateAfter = APIWire.date(next?.runAfter)
            maxActiveRuns = dag?.maxActiveRuns
            maxActiveTasks = dag?.maxActiveTasks
            lastParsedTime = APIWire.date(record.lastParsedAt)
            recentDagRuns = recent.map {
                RunState(dagRunId: $0.runId, state: $0.state.rawValue, logicalDate: APIWire.date($0.logicalDate))
            }
        }
    }

    /// `GET /dags`.
    struct DagCollection: Codable, Equatable {
        var dags: [DagSummary]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case dags, totalEntries = "total_entries" }
    }

    /// A task of `GET /dags/{dag_id}`.
    struct Task: Codable, Equatable {
        var taskId: String
        var kind: String
        var upstreamTaskIds: [String]
        var downstreamTaskIds: [String]
        var taskGroup: String?
        var triggerRule: String
        var retries: Int
        var pool: String
        var queue: String
        var isMapped: Bool
        var doc: String?

        enum CodingKeys: String, CodingKey {
            case taskId = "task_id", kind, upstreamTaskIds = "upstream_task_ids", downstreamTaskIds = "downstream_task_ids"
            case taskGroup = "task_group", triggerRule = "trigger_rule", retries, pool, queue, isMapped = "is_mapped", doc
        }
    }

    /// An edge `source_id -> target_id`.
    struct Edge: Codable, Equatable, Hashable {
        var sourceId: String
        var targetId: String
        enum CodingKeys: String, CodingKey { case sourceId = "source_id", targetId = "target_id" }
    }

    /// `GET /dags/{dag_id}`: the summary, the tasks and the edges.
    struct DagDetail: Encodable {
        var summary: DagSummary
        var tasks: [Task]
        var edges: [Edge]

        enum CodingKeys: String, CodingKey { case tasks, edges }

        func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(tasks, forKey: .tasks)
            try c.encode(edges, forKey: .edges)
        }

        init(summary: DagSummary, dag: Dag?) {
            self.summary = summary
            guard let dag else {
                tasks = []
                edges = []
                return
            }
            let downstream = dag.downstreamIds
            tasks = dag.tasks.map {
                Task(taskId: $0.taskId, kind: $0.kind.name, upstreamTaskIds: $0.upstreamIds,
                     downstreamTaskIds: downstream[$0.taskId] ?? [], taskGroup: $0.groupId,
                     triggerRule: $0.triggerRule.rawValue, retries: $0.retries, pool: $0.pool, queue: $0.queue,
                     isMapped: $0.isMapped, doc: $0.doc)
            }
            edges = dag.tasks.flatMap { task in task.upstreamIds.map { Edge(sourceId: $0, targetId: task.taskId) } }
        }
    }
}
