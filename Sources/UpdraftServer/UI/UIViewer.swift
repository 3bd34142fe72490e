import UpdraftStore

/// Who looks at a page, as far as the page cares: their name and role (buttons a role may
/// not use are not drawn; the API refuses them anyway).
struct UIViewer: Sendable, Equatable {
    /// The user; nil with authentication off or before login.
    var username: String?
    /// `viewer`, `operator` or `admin`.
    var role: String
    /// Whether authentication is off (everyone is an admin).
    var authOff: Bool
    /// Whether the server has the stats route that the workers page reads.
    var hasWorkersPage: Bool = false

    /// Whether this viewer may trigger, clear, mark and pause.
    var canOperate: Bool { role == APIRole.operator.rawValue || role == APIRole.admin.rawValue }

    /// Nobody yet (the login page).
    static let loggedOut = UIViewer(username: nil, role: APIRole.viewer.rawValue, authOff: false)

    init(username: String?, role: String, authOff: Bool, hasWorkersPage: Bool = false) {
        self.username = username
        self.role = role
        self.authOff = authOff
        self.hasWorkersPage = hasWorkersPage
    }

    init(_ principal: APIPrincipal, mode: APIAuthMode) {
        self.init(username: principal.username, role: principal.role.rawValue, authOff: mode == .none)
    }
}
