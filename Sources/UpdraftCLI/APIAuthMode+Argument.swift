import ArgumentParser
import UpdraftServer

// `--api-auth users|none` and `api-server --auth users|none`: parsed by raw value.
extension APIAuthMode: ExpressibleByArgument {}
