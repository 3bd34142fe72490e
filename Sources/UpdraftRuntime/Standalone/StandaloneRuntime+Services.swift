import Logging
import ServiceLifecycle
import UpdraftWire

extension StandaloneRuntime {
    /// The started parts as services, in start order (the group stops them in reverse).
    func serviceList(
        scheduler: Scheduler, executor: WorkerExecutor, events: EventPublisher, loop: MessageLoop,
        runtimeServices: RuntimeServices, lease: LeaseKeeper? = nil
    ) -> [RuntimeService] {
        let request = stopRequestForServices
        var list: [RuntimeService] = []
        if let lease {
            // First, so stopped last: released once the scheduler committed its last step.
            list.append(RuntimeService(
                "scheduler lease", request: request,
                body: { [weak self] in
                    await lease.keep { [weak self] reason in
                        // Unstructured: hops onto the runtime from the keeper's loop.
                        Task { [weak self] in await self?.leaseLost(reason) }
                    }
                },
                stop: { _ in await lease.release() }))
        }
        if let zap = zapForServices {
            // Stopped after the loop: its server sockets are closed, so no handshake finds it gone.
            list.append(RuntimeService("zap handler", request: request) { _ in await zap.stop() })
        }
        list.append(RuntimeService("message loop", request: request) { _ in await loop.shutdown() })
        list.append(RuntimeService("event bus", request: request) { _ in await events.close() })
        list.append(RuntimeService(
            "scheduler", request: request, failureEndsGroup: true,
            body: { [weak self] in
                do { try await scheduler.run() } catch {
                    await self?.schedulerFailed(error)
                    throw error
                }
            },
            stop: { forced in
                // Let the last finished events reach the scheduler before it stops.
                if !forced { try? await Task.sleep(for: .milliseconds(200)) }
                await scheduler.stop()
            }))
        // Spawned workers got the executor's drain; the autoscaler waits for them, then kills leftovers.
        list.append(RuntimeService("autoscaler and stats", request: request) { forced in
            await runtimeServices.stop(grace: forced ? .zero : .seconds(5))
        })
        let workers = workersForServices
        if !workers.isEmpty {
            let logger = loggerForServices
            list.append(RuntimeService(
                "local workers", request: request,
                body: {
                    await withTaskGroup(of: Void.self) { group in
                        for worker in workers {
                            group.addTask {
                                do { try await worker.run() } catch { logger.error("local worker stopped: \(error)") }
                            }
                        }
                    }
                },
                stop: { forced in
                    for worker in workers { await worker.stop(graceful: !forced) }
                }))
        }
        list.append(RuntimeService("executor", request: request) { [weak self] forced in
            // Workers drain (running tries finish and report), then leave.
            let timeout = forced ? .zero : (await self?.drainTimeoutForServices ?? .zero)
            let drained = await executor.shutdown(drainTimeout: timeout)
            await self?.executorStopped(drained: drained && !forced)
        })
        if let refresher = allowListForServices {
            // Polls the store's allow-list: a revoked worker is dropped within a second.
            let (stopped, stopSignal) = AsyncStream<Void>.makeStream()
            list.append(RuntimeService(
                "allow list", request: request,
                body: {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { await refresher.run { await executor.accessChanged() } }
                        group.addTask { for await _ in stopped {} }
                        _ = await group.next()
                        group.cancelAll()
                    }
                },
                stop: { _ in stopSignal.finish() }))
        }
        return list
    }

    /// Runs `services` in one group until ``stop(graceful:drainTimeout:)``.
    func run(_ services: [RuntimeService]) {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map {
                .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: $0.name)
            },
            logger: loggerForServices))
        let logger = loggerForServices
        // Unstructured: start() returns while the services run; stop() and
        // waitUntilStopped() await this task, so it never outlives the runtime's owner.
        install(group, Task {
            do { try await group.run() } catch { logger.debug("service group ended: \(error)") }
        })
    }
}
