import UpdraftWire

/// Two fresh message loops sharing one context, shut down afterwards even when `body` throws.
func withTwoLoops<T: Sendable>(
    _ first: String, _ second: String, context: ZMQContext,
    _ body: (MessageLoop, MessageLoop) async throws -> T
) async throws -> T {
    let a = MessageLoop(name: first, context: context)
    let b = MessageLoop(name: second, context: context)
    do {
        let value = try await body(a, b)
        await a.shutdown()
        await b.shutdown()
        return value
    } catch {
        await a.shutdown()
        await b.shutdown()
        throw error
    }
}
