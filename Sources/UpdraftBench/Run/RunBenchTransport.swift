/// How `bench run`'s in-process workers reach the executor.
public enum RunBenchTransport: String, Sendable, CaseIterable {
    /// inproc:// (no encryption inside one process), the default.
    case inproc
    /// tcp://127.0.0.1 with CurveZMQ, the home's client keys: what workers on other hosts pay.
    case tcp
    /// tcp://127.0.0.1 in clear (`--insecure-plaintext`), the yardstick for CURVE's cost.
    case tcpPlain = "tcp-plain"
}
