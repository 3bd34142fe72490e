import UpdraftCore

// Airflow's bitshift composition. `a >> b` makes `b` run after `a`; lists fan out and in:
// `a >> [b, c] >> d`. `a << b` makes `a` run after `b`. As in Airflow, the value of
// `x >> y` and `x << y` stands for `y` when chained again, so `a >> b >> c` is a line and
// `a << b << c` is `c`, then `b`, then `a`. A chain stands as a statement in a DagBuilder block.

/// `a >> b`: `b` runs after `a`.
@discardableResult
public func >> (left: any DagComponent, right: any DagComponent) -> DagParts {
    DagParts.linking(left.parts, right.parts, rightIsDownstream: true)
}

/// `a >> [b, c]`: `b` and `c` run after `a`.
@discardableResult
public func >> (left: any DagComponent, right: [any DagComponent]) -> DagParts {
    DagParts.linking(left.parts, .merging(right.map(\.parts)), rightIsDownstream: true)
}

/// `[a, b] >> c`: `c` runs after `a` and `b`.
@discardableResult
public func >> (left: [any DagComponent], right: any DagComponent) -> DagParts {
    DagParts.linking(.merging(left.map(\.parts)), right.parts, rightIsDownstream: true)
}

/// `[a, b] >> [c, d]`: `c` and `d` each run after both `a` and `b`.
@discardableResult
public func >> (left: [any DagComponent], right: [any DagComponent]) -> DagParts {
    DagParts.linking(.merging(left.map(\.parts)), .merging(right.map(\.parts)), rightIsDownstream: true)
}

/// `a << b`: `a` runs after `b`.
@discardableResult
public func << (left: any DagComponent, right: any DagComponent) -> DagParts {
    DagParts.linking(left.parts, right.parts, rightIsDownstream: false)
}

/// `a << [b, c]`: `a` runs after `b` and `c`.
@discardableResult
public func << (left: any DagComponent, right: [any DagComponent]) -> DagParts {
    DagParts.linking(left.parts, .merging(right.map(\.parts)), rightIsDownstream: false)
}

/// `[a, b] << c`: `a` and `b` run after `c`.
@discardableResult
public func << (left: [any DagComponent], right: any DagComponent) -> DagParts {
    DagParts.linking(.merging(left.map(\.parts)), right.parts, rightIsDownstream: false)
}
