"""The site's configuration, below every app: the tunable thresholds (persisted in one document,
changes audited) and the connection to the document store, opened once Django is ready."""
