// Links jemalloc into binaries built on the `Updraft` library (the `updraft` executable,
// DSL binaries): it replaces glibc's malloc for the whole process. Nothing is called from
// Swift; `import CJemalloc` in Sources/Updraft/UpdraftApp.swift is what makes the linker add
// -ljemalloc. See Package.swift for why.
#ifndef UPDRAFT_CJEMALLOC_SHIM_H
#define UPDRAFT_CJEMALLOC_SHIM_H
#endif
