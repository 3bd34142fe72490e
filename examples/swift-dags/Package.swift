// swift-tools-version:6.0
// Example: DAGs written in Swift with the Updraft DSL. The built binary is an `updraft`
// (every subcommand but `bench`, which stays in the updraft executable) that also knows these DAGs:
//   swift build --package-path examples/swift-dags
//   examples/swift-dags/.build/debug/swift-dags dags list --dags-folder examples
import PackageDescription

let package = Package(
    name: "swift-dags",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The Updraft repository, two folders up.
        .package(name: "Updraft", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "swift-dags",
            dependencies: [.product(name: "Updraft", package: "Updraft")],
            path: "Sources/SwiftDags"
        ),
    ]
)
