// swift-tools-version:6.0
// Updraft: a workflow orchestrator whose actors talk over ZeroMQ.
// Targets point one way: updraft (exe) -> (Updraft -> UpdraftCLI, BenchCLI -> Bench) ->
// (Loader, Protocol, Server) -> (Wire, Store, Core); Bench also uses Browser (Foundation
// only). DAG binaries built with the DSL (Updraft) do not link the benchmarks. UpdraftCore
// is pure: no sockets, clocks or disks.
import PackageDescription

let package = Package(
    name: "Updraft",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "updraft", targets: ["UpdraftTool"]),
        .library(name: "Updraft", targets: ["Updraft"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libzmq from Debian's libzmq3-dev.
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        // jemalloc from Debian's libjemalloc-dev, linked into every binary built on the
        // `Updraft` library: the `updraft` executable and users' DSL binaries.
        // Updraft's threads hand buffers to each other all the time (the sender's loop
        // allocates a message, the receiver's loop or a worker frees it); glibc's malloc
        // serialises those cross-thread frees on arena locks. `bench wire` measured the full
        // path 1.2 M -> 1.9 M msg/s with jemalloc (same run, same machine).
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        // DAG model, validation, schedules, templates, trigger rules, DSL: pure, no I/O.
        .target(
            name: "UpdraftCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Stencil", package: "Stencil"),
            ]
        ),
        // Reads DAG files from disk into a DagBag with per-file import errors.
        .target(name: "UpdraftLoader", dependencies: ["UpdraftCore"]),
        // ZeroMQ wrapper, the poll-loop executor bridge, frame header, counters.
        .target(
            name: "UpdraftWire",
            dependencies: [
                "CZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // The wire protocol: generated protobuf messages and their codec.
        .target(
            name: "UpdraftProtocol",
            dependencies: [
                "UpdraftWire",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The metadata store: `MetaStore`, its SQLite (GRDB) and PostgreSQL (postgres-nio)
        // implementations, their migrations, the store URL; connection secrets sealed with
        // swift-crypto (ChaChaPoly).
        .target(
            name: "UpdraftStore",
            dependencies: [
                "UpdraftCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The actors: scheduler, executor, workers, event bus; they talk over UpdraftWire.
        .target(
            name: "UpdraftRuntime",
            dependencies: [
                "UpdraftCore", "UpdraftLoader", "UpdraftWire", "UpdraftProtocol", "UpdraftStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // The SMTP client of email notifiers (NIO is in the build through Hummingbird).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // ServiceGroup: the parts of a scheduler process stopped in reverse order.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP API (`/api/v1`, Hummingbird 2) over the same store the scheduler writes;
        // live streams from the scheduler's event bus (a SUB socket: UpdraftRuntime).
        .target(
            name: "UpdraftServer",
            dependencies: [
                "UpdraftCore", "UpdraftStore", "UpdraftRuntime", "UpdraftProtocol", "UpdraftWire",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A real headless Chromium driven over WebDriver (Debian's chromium + chromium-driver),
        // and free loopback ports below the ephemeral range: `bench ui` and the tests.
        .target(name: "UpdraftBrowser"),
        // Test support: a throwaway PostgreSQL server (initdb + pg_ctl on a loopback port,
        // Debian's postgresql from .ci/setup) shared by the tests of one process.
        .target(
            name: "UpdraftPostgresTesting",
            dependencies: [
                "UpdraftBrowser", "UpdraftStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `updraft bench ...` measurements.
        .target(
            name: "UpdraftBench",
            dependencies: [
                "UpdraftWire", "UpdraftProtocol", "UpdraftCore", "UpdraftLoader", "CZeroMQ",
                "UpdraftStore", "UpdraftRuntime", "UpdraftServer", "UpdraftBrowser",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                // The in-process webhook receiver of `bench notify`.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Every `updraft` subcommand but `bench`; shared by the updraft binary and user binaries built with the DSL.
        .target(
            name: "UpdraftCLI",
            dependencies: [
                "UpdraftCore", "UpdraftLoader", "UpdraftStore", "UpdraftRuntime", "UpdraftServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `updraft bench ...` and the `updraft` executable's root command (the CLI's plus bench).
        .target(
            name: "UpdraftBenchCLI",
            dependencies: [
                "UpdraftCLI", "UpdraftBench", "UpdraftCore", "UpdraftRuntime", "UpdraftStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What DAG authors import: the DSL entry point and re-exports.
        .target(name: "Updraft", dependencies: ["UpdraftCore", "UpdraftCLI", "CJemalloc"]),
        .executableTarget(name: "UpdraftTool", dependencies: ["Updraft", "UpdraftBenchCLI"]),

        .testTarget(name: "UpdraftCoreTests", dependencies: ["UpdraftCore"], exclude: ["Fixtures"]),
        .testTarget(name: "UpdraftLoaderTests", dependencies: ["UpdraftLoader"]),
        .testTarget(name: "UpdraftWireTests", dependencies: ["UpdraftWire", "CZeroMQ"]),
        .testTarget(
            name: "UpdraftProtocolTests",
            dependencies: ["UpdraftProtocol", "UpdraftWire", "CZeroMQ"]
        ),
        .testTarget(name: "UpdraftStoreTests", dependencies: ["UpdraftStore", "UpdraftPostgresTesting"]),
        .testTarget(
            name: "UpdraftRuntimeTests",
            dependencies: [
                "UpdraftRuntime", "UpdraftStore", "UpdraftProtocol", "UpdraftWire", "UpdraftCore", "UpdraftLoader",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "UpdraftCLITests", dependencies: ["UpdraftCLI", "UpdraftBenchCLI", "Updraft", "UpdraftStore", "UpdraftServer", "UpdraftPostgresTesting"], exclude: ["Fixtures"]),
        .testTarget(
            name: "UpdraftServerTests",
            dependencies: [
                "UpdraftServer", "UpdraftStore", "UpdraftCore", "UpdraftLoader", "UpdraftRuntime", "UpdraftProtocol",
                "UpdraftWire", "UpdraftPostgresTesting",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The web UI in a real headless Chromium (chromium + chromium-driver, .ci/setup) against a
        // real `updraft standalone` (needs the executable: swift build --build-tests).
        .testTarget(name: "UpdraftBrowserTests", dependencies: ["UpdraftBrowser"]),
        // Real `updraft` processes over tcp://127.0.0.1 (needs the executable: swift build --build-tests).
        // Raw ZeroMQ peers (intruders, CURVE clients) need the wire layer and the codec.
        .testTarget(name: "UpdraftIntegrationTests", dependencies: ["UpdraftStore", "UpdraftCore", "UpdraftWire", "UpdraftProtocol", "UpdraftBrowser", "UpdraftPostgresTesting"]),
    ]
)
