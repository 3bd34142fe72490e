import UpdraftWire

/// What ``StandaloneOptions/security`` asks for.
public enum RuntimeSecurity: Sendable {
    /// CURVE with the home's keys (made at first start) plus `allowed` (default).
    case homeKeys(allowed: [String: CurveKey] = [:])
    /// CURVE with these settings.
    case curve(ServerSecurity)
    /// No CURVE: any peer that reaches a tcp/ipc endpoint is served, in clear
    /// (`--insecure-plaintext`).
    case plaintext
}
