// The `updraft` executable: every subcommand, `bench` included (DAG binaries built with the
// DSL serve the same tree without it). `Updraft` links jemalloc into the binary.
import Updraft
import UpdraftBenchCLI

await UpdraftExecutable.main()
