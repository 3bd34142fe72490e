import Foundation
import UpdraftCore

/// The JSON documents of `/api/v1`, with Airflow's stable-API field names where a
/// counterpart exists (`dag_id`, `dag_run_id`, `logical_date`, `total_entries`...). Dates
/// are ISO 8601 strings in UTC (`2026-03-01T06:00:00+00:00`), null when unknown.
enum APIWire {
    /// A date as the API writes it.
    static func date(_ date: Date?) -> String? {
        date.map { ISOTimestamp.format($0, in: TimeZone.utcZone) }
    }

    /// `GET /health`.
    struct Health: Codable, Equatable {
        struct Component: Codable, Equatable {
            var status: String
        }
        struct Scheduler: Codable, Equatable {
            var status: String
            var pid: Int32?
            var startedAt: String?
            /// On a store several schedulers share: the active one (the lease holder).
            var hostname: String?
            var executorEndpoint: String?
            var leaseToken: Int64?
            var leaseSecondsLeft: Double?
            /// Seconds since a standby last asked for the lease (absent: none ever did).
            var standbySeenSecondsAgo: Double?
            enum CodingKeys: String, CodingKey {
                case status, pid, hostname
                case startedAt = "started_at"
                case executorEndpoint = "executor_endpoint"
                case leaseToken = "lease_token"
                case leaseSecondsLeft = "lease_seconds_left"
                case standbySeenSecondsAgo = "standby_seen_seconds_ago"
            }
        }
        var metadatabase: Component
        var scheduler: Scheduler
    }

    /// `GET /version`.
    struct Version: Codable, Equatable {
        var version: String
        var gitVersion: String?
        enum CodingKeys: String, CodingKey { case version, gitVersion = "git_version" }
    }

    /// One import error.
    struct ImportError: Codable, Equatable {
        var importErrorId: Int
        var filename: String
        var stackTrace: String
        var timestamp: String?
        enum CodingKeys: String, CodingKey {
            case importErrorId = "import_error_id", filename, stackTrace = "stack_trace", timestamp
        }
    }

    /// `GET /importErrors`.
    struct ImportErrors: Codable, Equatable {
        var importErrors: [ImportError]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case importErrors = "import_errors", totalEntries = "total_entries" }
    }
}
