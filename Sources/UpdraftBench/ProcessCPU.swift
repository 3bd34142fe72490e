#if canImport(Glibc)
import Glibc
#endif

/// CPU time used by this whole process (all threads, user + system), in nanoseconds.
/// Divided by the messages moved it gives a cost per message that the machine's other
/// load disturbs far less than wall-clock throughput does.
enum ProcessCPU {
    static func nanoseconds() -> UInt64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func ns(_ time: timeval) -> UInt64 { UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_usec) * 1_000 }
        return ns(usage.ru_utime) + ns(usage.ru_stime)
    }
}

/// One throughput round: wall-clock rate and process CPU per message.
struct ThroughputSample {
    var messagesPerSecond: Double
    var cpuNanosecondsPerMessage: Double
}
