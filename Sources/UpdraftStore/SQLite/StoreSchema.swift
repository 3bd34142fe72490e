import GRDB

/// The SQLite schema of ``SQLiteStore``, as GRDB migrations.
///
/// A migration is never edited once shipped: a store written by an older Updraft is
/// brought up to date by running the migrations it has not seen, in order. Change the
/// schema by appending a new migration ("v2", "v3", ...), never by editing "v1".
///
/// Dates are stored as REAL seconds since 2001-01-01 UTC (Foundation's reference date:
/// exact round trip; `datetime(x + 978307200, 'unixepoch')` in SQL). There are no foreign keys: the
/// scheduler's group commit must never fail a whole group because one batch names a run
/// written by another path; ``SQLiteStore/deleteFinishedRuns(endedBefore:)`` deletes
/// children explicitly.
enum StoreSchema {
    /// The slots of `default_pool` in a new store (Airflow's default).
    static let defaultPoolSlots = 128

    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Shipped: never edit. Add "v2" for any change.
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE dag (
                    dag_id TEXT PRIMARY KEY NOT NULL,
                    file_location TEXT,
                    is_paused INTEGER NOT NULL DEFAULT 0,
                    last_parsed_at REAL
                );
                CREATE TABLE dag_run (
                    dag_id TEXT NOT NULL,
                    run_id TEXT NOT NULL,
                    logical_date REAL NOT NULL,
                    data_interval_start REAL NOT NULL,
                    data_interval_end REAL NOT NULL,
                    state TEXT NOT NULL,
                    run_type TEXT NOT NULL,
                    conf TEXT NOT NULL DEFAULT '{}',
                    queued_at REAL NOT NULL,
                    start_date REAL,
                    end_date REAL,
                    PRIMARY KEY (dag_id, run_id)
                );
                CREATE INDEX dag_run_by_logical_date ON dag_run (dag_id, logical_date);
                CREATE INDEX dag_run_by_state ON dag_run (state);
                CREATE TABLE task_instance (
                    dag_id TEXT NOT NULL,
                    run_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    map_index INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    try_number INTEGER NOT NULL,
                    max_tries INTEGER NOT NULL,
                    retries INTEGER NOT NULL,
                    pool TEXT NOT NULL,
                    pool_slots INTEGER NOT NULL,
                    priority_weight INTEGER NOT NULL,
                    queue TEXT NOT NULL,
                    queued_at REAL,
                    start_date REAL,
                    end_date REAL,
                    next_try_at REAL,
                    worker_id TEXT,
                    hostname TEXT,
                    pid INTEGER,
                    error_message TEXT,
                    PRIMARY KEY (dag_id, run_id, task_id, map_index)
                );
                CREATE INDEX task_instance_by_state ON task_instance (state);
                CREATE TABLE xcom (
                    dag_id TEXT NOT NULL,
                    run_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    map_index INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (dag_id, run_id, task_id, map_index, key)
                );
                CREATE TABLE pool (
                    name TEXT PRIMARY KEY NOT NULL,
                    slots INTEGER NOT NULL,
                    description TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE variable (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE import_error (
                    id INTEGER PRIMARY KEY,
                    file_location TEXT NOT NULL,
                    message TEXT NOT NULL,
                    timestamp REAL NOT NULL
                );
                CREATE TABLE change_token (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    value INTEGER NOT NULL
                );
                INSERT INTO change_token (id, value) VALUES (1, 0);
                """)
            try db.execute(
                sql: "INSERT INTO pool (name, slots, description) VALUES ('default_pool', ?, 'Default pool')",
                arguments: [defaultPoolSlots])
        }
        // The workers registered with the scheduler's executor (recovery after a crash).
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE connected_worker (
                    worker_id TEXT PRIMARY KEY NOT NULL,
                    hostname TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    joined_at REAL NOT NULL
                );
                """)
        }
        // Connections (Airflow's model); password and extra sealed (ConnectionVault).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE connection (
                    conn_id TEXT PRIMARY KEY NOT NULL,
                    conn_type TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    host TEXT NOT NULL DEFAULT '',
                    port INTEGER,
                    login TEXT NOT NULL DEFAULT '',
                    schema_name TEXT NOT NULL DEFAULT '',
                    sealed_password BLOB,
                    sealed_extra BLOB
                );
                """)
        }
        // Users of the HTTP API (bcrypt password hashes) and their API tokens (SHA-256 only).
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                CREATE TABLE api_user (
                    username TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE api_token (
                    token_id TEXT PRIMARY KEY NOT NULL,
                    username TEXT NOT NULL REFERENCES api_user(username) ON DELETE CASCADE,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    expires_at REAL
                );
                CREATE INDEX api_token_by_user ON api_token(username);
                """)
        }
        // Variables marked sensitive (`updraft variables set --sensitive`): masked like a
        // secret-named key's value.
        migrator.registerMigration("v5") { db in
            try db.execute(sql: "ALTER TABLE variable ADD COLUMN is_sensitive INTEGER NOT NULL DEFAULT 0")
        }
        // CURVE client keys the scheduler lets in (`updraft workers allow`), and the counter
        // a running scheduler polls to notice a change (`revoke` takes effect within a second).
        migrator.registerMigration("v6") { db in
            try db.execute(sql: """
                CREATE TABLE client_key (
                    name TEXT PRIMARY KEY NOT NULL,
                    public_key TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    queues TEXT NOT NULL DEFAULT '',
                    added_at REAL NOT NULL
                );
                CREATE TABLE client_key_version (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    value INTEGER NOT NULL
                );
                INSERT INTO client_key_version (id, value) VALUES (1, 0);
                """)
        }
        return migrator
    }
}
