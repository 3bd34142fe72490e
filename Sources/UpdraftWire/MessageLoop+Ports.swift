extension MessageLoop {
    /// Opens a port of `kind` bound to `endpoint` (`tcp://127.0.0.1:*` picks a free port:
    /// read it back from `port.endpoint`).
    public func bind<Codec: MessageCodec>(
        _ kind: SocketKind, _ endpoint: String, codec: Codec, options: PortOptions = PortOptions()
    ) async throws(WireError) -> WirePort<Codec> {
        let port = try WirePort(loop: self, kind: kind, codec: codec, options: options, endpoint: endpoint)
        try await port.open(endpoint, bind: true)
        return port
    }

    /// Opens a port of `kind` connected to `endpoint`; libzmq reconnects when the peer returns.
    public func connect<Codec: MessageCodec>(
        _ kind: SocketKind, _ endpoint: String, codec: Codec, options: PortOptions = PortOptions()
    ) async throws(WireError) -> WirePort<Codec> {
        let port = try WirePort(loop: self, kind: kind, codec: codec, options: options, endpoint: endpoint)
        try await port.open(endpoint, bind: false)
        return port
    }
}
