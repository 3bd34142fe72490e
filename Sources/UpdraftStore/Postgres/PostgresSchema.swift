/// The PostgreSQL schema of ``PostgresStore``: numbered SQL steps, applied in order, each
/// in its own transaction with its number recorded in `updraft_migration`.
///
/// A step is never edited once shipped: change the schema by appending a step. A store
/// whose `updraft_migration` holds a number this list does not know was written by a newer
/// Updraft and is refused (``StoreError`` `newerSchema`).
///
/// Tables and columns mirror the SQLite schema (``StoreSchema``), so `updraft db copy` moves
/// rows one to one. Dates are `double precision` seconds since 2001-01-01 UTC
/// (Foundation's reference date, the SQLite store's encoding: a `Date` reads back equal to
/// the one written, which `timestamptz`'s microseconds would not give; in SQL:
/// `to_timestamp(x + 978307200)`). JSON is `text` (compact, sorted keys), secrets `bytea`.
///
/// `store_version` is one row of two counters bumped inside write transactions:
/// `change_token` by every write other than the scheduler's group commit (what a running
/// scheduler polls to notice CLI changes), `data_version` by every write transaction,
/// group commits included (what read caches are keyed by). A counter row, not a sequence:
/// a sequence moves before its transaction commits, so a reader could see the new number
/// with the old rows.
enum PostgresSchema {
    /// One migration step.
    struct Step: Sendable {
        /// Its number (1, 2, 3...), recorded once applied.
        var number: Int
        /// What it does, for `updraft db check`.
        var summary: String
        /// The statements, run in one transaction (separated by `;` at line ends).
        var statements: [String]
    }

    /// Every step, in order. Shipped: never edit; append.
    static let steps: [Step] = [
        Step(number: 1, summary: "DAGs, runs, task instances, XCom, pools, variables, import errors, workers, "
             + "connections, API users and tokens, store_version", statements: [
            """
            CREATE TABLE dag (
                dag_id text PRIMARY KEY,
                file_location text,
                is_paused boolean NOT NULL DEFAULT false,
                last_parsed_at double precision
            )
            """,
            """
            CREATE TABLE dag_run (
                dag_id text NOT NULL,
                run_id text NOT NULL,
                logical_date double precision NOT NULL,
                data_interval_start double precision NOT NULL,
                data_interval_end double precision NOT NULL,
                state text NOT NULL,
                run_type text NOT NULL,
                conf text NOT NULL DEFAULT '{}',
                queued_at double precision NOT NULL,
                start_date double precision,
                end_date double precision,
                PRIMARY KEY (dag_id, run_id)
            )
            """,
            "CREATE INDEX dag_run_by_logical_date ON dag_run (dag_id, logical_date)",
            "CREATE INDEX dag_run_by_state ON dag_run (state)",
            """
            CREATE TABLE task_instance (
                dag_id text NOT NULL,
                run_id text NOT NULL,
                task_id text NOT NULL,
                map_index bigint NOT NULL,
                state text NOT NULL,
                try_number bigint NOT NULL,
                max_tries bigint NOT NULL,
                retries bigint NOT NULL,
                pool text NOT NULL,
                pool_slots bigint NOT NULL,
                priority_weight bigint NOT NULL,
                queue text NOT NULL,
                queued_at double precision,
                start_date double precision,
                end_date double precision,
                next_try_at double precision,
                worker_id text,
                hostname text,
                pid bigint,
                error_message text,
                PRIMARY KEY (dag_id, run_id, task_id, map_index)
            )
            """,
            "CREATE INDEX task_instance_by_state ON task_instance (state)",
            """
            CREATE TABLE xcom (
                dag_id text NOT NULL,
                run_id text NOT NULL,
                task_id text NOT NULL,
                map_index bigint NOT NULL,
                key text NOT NULL,
                value text NOT NULL,
                PRIMARY KEY (dag_id, run_id, task_id, map_index, key)
            )
            """,
            """
            CREATE TABLE pool (
                name text PRIMARY KEY,
                slots bigint NOT NULL,
                description text NOT NULL DEFAULT ''
            )
            """,
            "INSERT INTO pool (name, slots, description) VALUES ('default_pool', \(StoreSchema.defaultPoolSlots), 'Default pool')",
            """
            CREATE TABLE variable (
                key text PRIMARY KEY,
                value text NOT NULL,
                is_sensitive boolean NOT NULL DEFAULT false
            )
            """,
            """
            CREATE TABLE import_error (
                id bigserial PRIMARY KEY,
                file_location text NOT NULL,
                message text NOT NULL,
                timestamp double precision NOT NULL
            )
            """,
            """
            CREATE TABLE connected_worker (
                worker_id text PRIMARY KEY,
                hostname text NOT NULL,
                pid bigint NOT NULL,
                joined_at double precision NOT NULL
            )
            """,
            """
            CREATE TABLE connection (
                conn_id text PRIMARY KEY,
                conn_type text NOT NULL,
                description text NOT NULL DEFAULT '',
                host text NOT NULL DEFAULT '',
                port bigint,
                login text NOT NULL DEFAULT '',
                schema_name text NOT NULL DEFAULT '',
                sealed_password bytea,
                sealed_extra bytea
            )
            """,
            """
            CREATE TABLE api_user (
                username text PRIMARY KEY,
                role text NOT NULL,
                password_hash text NOT NULL,
                created_at double precision NOT NULL
            )
            """,
            """
            CREATE TABLE api_token (
                token_id text PRIMARY KEY,
                username text NOT NULL REFERENCES api_user(username) ON DELETE CASCADE,
                token_hash text NOT NULL UNIQUE,
                created_at double precision NOT NULL,
                expires_at double precision
            )
            """,
            "CREATE INDEX api_token_by_user ON api_token (username)",
            """
            CREATE TABLE store_version (
                id integer PRIMARY KEY CHECK (id = 1),
                change_token bigint NOT NULL,
                data_version bigint NOT NULL
            )
            """,
            "INSERT INTO store_version (id, change_token, data_version) VALUES (1, 0, 0)",
        ]),
        Step(number: 2, summary: "CURVE client keys the scheduler lets in (updraft workers allow), client_key_version", statements: [
            """
            CREATE TABLE client_key (
                name text PRIMARY KEY,
                public_key text NOT NULL UNIQUE,
                role text NOT NULL,
                queues text NOT NULL DEFAULT '',
                added_at double precision NOT NULL
            )
            """,
            """
            CREATE TABLE client_key_version (
                id integer PRIMARY KEY CHECK (id = 1),
                value bigint NOT NULL
            )
            """,
            "INSERT INTO client_key_version (id, value) VALUES (1, 0)",
        ]),
        Step(number: 3, summary: "scheduler_lease (one active scheduler, standbys take over) and updraft_fence()", statements: [
            """
            CREATE TABLE scheduler_lease (
                name text PRIMARY KEY CHECK (name = 'scheduler'),
                holder text NOT NULL,
                token bigint NOT NULL,
                hostname text NOT NULL,
                pid integer NOT NULL,
                executor_endpoint text NOT NULL,
                acquired_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                contender_at timestamptz
            )
            """,
            """
            CREATE FUNCTION updraft_fence(lease_holder text, lease_token bigint) RETURNS boolean
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM 1 FROM scheduler_lease
                    WHERE name = 'scheduler' AND holder = lease_holder AND token = lease_token FOR SHARE;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'the scheduler lease (token %) is no longer held by %: another scheduler took over',
                        lease_token, lease_holder USING ERRCODE = 'UD001';
                END IF;
                RETURN true;
            END
            $$
            """,
        ]),
    ]

    /// The newest step's number: the schema version of an up-to-date store.
    static var latestVersion: Int { steps.last?.number ?? 0 }

    /// The tables whose rows `updraft db check` counts and `updraft db copy` moves.
    static let dataTables = ["dag", "dag_run", "task_instance", "xcom", "pool", "variable", "import_error",
                             "connected_worker", "connection", "api_user", "api_token", "client_key"]
}
