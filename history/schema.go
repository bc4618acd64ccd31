package history

// migrations are the schema's versions: migrations[i] takes a store from
// version i to i+1. A store records its version in PRAGMA user_version.
// Append only: never edit a migration that has shipped.
var migrations = []string{
	// 1: scans and their findings.
	`CREATE TABLE scans (
		id        INTEGER PRIMARY KEY,
		at        TEXT    NOT NULL, -- RFC 3339, UTC
		source    TEXT    NOT NULL,
		accounts  TEXT    NOT NULL, -- sorted, comma-separated: the estate's identity
		regions   INTEGER NOT NULL,
		resources INTEGER NOT NULL,
		checks    INTEGER NOT NULL,
		version   TEXT    NOT NULL,
		fail      INTEGER NOT NULL,
		error     INTEGER NOT NULL,
		pass      INTEGER NOT NULL,
		muted     INTEGER NOT NULL
	);
	-- A scan's findings, in the order the scan reported them, in chunks of
	-- up to 10,000: each a zstd-compressed list of records (codec.go).
	CREATE TABLE findings (
		scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
		chunk   INTEGER NOT NULL,
		count   INTEGER NOT NULL,
		data    BLOB    NOT NULL,
		PRIMARY KEY (scan_id, chunk)
	) WITHOUT ROWID;`,

	// 2: how long each scan's checks took, and a quick way to the previous
	// scan of the same estate.
	`ALTER TABLE scans ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX scans_by_estate ON scans(accounts, id);`,
}
