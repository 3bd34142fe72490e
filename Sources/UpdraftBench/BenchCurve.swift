import UpdraftWire

/// CURVE for `bench wire`'s CURVE rows: a server and a client pair, and the ZAP handler of
/// the bench's context allowing the client (started before any server socket binds).
struct BenchCurve: Sendable {
    let server: CurveSecurity
    let client: CurveSecurity
    let zap: ZAPHandler

    /// Fresh pairs and a handler in `context`. Throws when libzmq has no CURVE.
    init(context: ZMQContext) throws {
        let serverKeys = try CurveKeyPair.generate()
        let clientKeys = try CurveKeyPair.generate()
        zap = try ZAPHandler(context: context, authorizer: CurveAllowList(["bench": clientKeys.publicKey]))
        server = .server(serverKeys, zapDomain: "bench")
        client = .client(clientKeys, serverKey: serverKeys.publicKey)
    }
}
