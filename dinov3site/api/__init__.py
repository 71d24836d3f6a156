"""Cross-cutting API pieces: the error envelope, API keys, throttles, pagination, schema, metrics."""
