import UpdraftCore

/// The result builder behind `Dag(...) { ... }` and `Group(...) { ... }`: each statement
/// is a task, a group, a `>>` / `<<` chain or a list of them; `for`-`in` loops, `if` and
/// `switch` work as in any Swift code, so a loop can generate a fan-out.
///
/// ```swift
/// let start = EmptyTask("start")
/// let end = EmptyTask("end")
/// for table in ["users", "orders"] {
///     chain(start, BashTask("copy_\(table)", "echo copy \(table)"), end)
/// }
/// ```
@resultBuilder
public enum DagBuilder {
    /// A task, group or chain.
    public static func buildExpression(_ component: any DagComponent) -> DagParts { component.parts }

    /// A list of tasks, groups or chains: declared side by side.
    public static func buildExpression(_ components: [any DagComponent]) -> DagParts {
        DagParts.merging(components.map(\.parts))
    }

    /// The statements of a block, in order.
    public static func buildBlock(_ parts: DagParts...) -> DagParts { DagParts.merging(parts) }

    /// The turns of a `for`-`in` loop.
    public static func buildArray(_ parts: [DagParts]) -> DagParts { DagParts.merging(parts) }

    /// An `if` without `else`.
    public static func buildOptional(_ parts: DagParts?) -> DagParts { parts ?? .empty }

    /// The first branch of an `if`-`else` or `switch`.
    public static func buildEither(first parts: DagParts) -> DagParts { parts }

    /// The second branch of an `if`-`else` or `switch`.
    public static func buildEither(second parts: DagParts) -> DagParts { parts }

    /// `if #available` blocks.
    public static func buildLimitedAvailability(_ parts: DagParts) -> DagParts { parts }
}
