import Foundation
import UpdraftCore
import UpdraftStore

extension APIWire {
    /// One pool with its slot use (task instances queued or running in it).
    struct Pool: Codable, Equatable {
        var name: String
        var slots: Int
        var description: String
        var occupiedSlots: Int
        var runningSlots: Int
        var queuedSlots: Int
        var openSlots: Int?
        enum CodingKeys: String, CodingKey {
            case name, slots, description, occupiedSlots = "occupied_slots", runningSlots = "running_slots"
            case queuedSlots = "queued_slots", openSlots = "open_slots"
        }

        init(_ pool: PoolRecord, inFlight: [TaskInstanceRecord]) {
            name = pool.name
            slots = pool.slots
            description = pool.description
            let mine = inFlight.filter { $0.pool == pool.name }
            runningSlots = mine.filter { $0.state == .running }.reduce(0) { $0 + $1.poolSlots }
            queuedSlots = mine.filter { $0.state == .queued }.reduce(0) { $0 + $1.poolSlots }
            occupiedSlots = runningSlots + queuedSlots
            openSlots = pool.slots < 0 ? nil : max(0, pool.slots - occupiedSlots)
        }
    }

    /// `GET /pools`.
    struct PoolCollection: Codable, Equatable {
        var pools: [Pool]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case pools, totalEntries = "total_entries" }
    }

    /// One variable; the value of a sensitive one (marked, or a secret-named key: `password`,
    /// `token`...) reads `***`.
    struct Variable: Codable, Equatable {
        var key: String
        var value: String
        var isSensitive: Bool
        enum CodingKeys: String, CodingKey { case key, value, isSensitive = "is_sensitive" }

        /// `marked`: the keys set sensitive in the store.
        init(key: String, value: String, marked: Set<String>) {
            self.key = key
            isSensitive = SensitiveNames.isSensitiveVariable(key, marked: marked)
            self.value = isSensitive ? "***" : value
        }
    }

    /// `GET /variables`.
    struct VariableCollection: Codable, Equatable {
        var variables: [Variable]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case variables, totalEntries = "total_entries" }
    }
}
