import UpdraftCore

/// A sensor: waits for a condition, checking every `pokeInterval` (YAML `sensor:`).
///
/// ```swift
/// SensorTask("wait_ingest", .externalTask(ExternalTaskTarget(externalDagId: "ingest")),
///            pokeInterval: .seconds(30), timeout: .hours(2))
/// SensorTask("wait_file", .file(path: "/data/{{ ds }}/*.csv"))
/// ```
public struct SensorTask: TaskDeclaration {
    /// The task as authored.
    public var draft: TaskDraft

    /// A sensor with the YAML defaults (poke every 60 s, time out after 7 days).
    public init(
        _ taskId: String, _ kind: SensorKind, pokeInterval: TimeSpan = SensorSpec.defaultPokeInterval,
        timeout: TimeSpan = SensorSpec.defaultTimeout, exponentialBackoff: Bool = false,
        maxWait: TimeSpan? = nil, softFail: Bool = false
    ) {
        let spec = SensorSpec(kind: kind, pokeInterval: pokeInterval, timeout: timeout,
                              exponentialBackoff: exponentialBackoff, maxWait: maxWait, softFail: softFail)
        draft = TaskDraft(taskId: taskId, kind: .sensor(spec))
    }
}

extension TimeSpan {
    /// `n` seconds.
    public static func seconds(_ n: Int64) -> TimeSpan { TimeSpan(seconds: n) }
    /// `n` minutes.
    public static func minutes(_ n: Int64) -> TimeSpan { TimeSpan(seconds: n * 60) }
    /// `n` hours.
    public static func hours(_ n: Int64) -> TimeSpan { TimeSpan(seconds: n * 3600) }
    /// `n` days.
    public static func days(_ n: Int64) -> TimeSpan { TimeSpan(seconds: n * 86_400) }
}
