"""The HTTP glue below every app: the error handler, request inputs and parsers, pagination,
throttles, schema hooks, downloads and metrics; and the ApiKey table (authentication with those
keys, their admin and create_api_key are dinov3site.accounts')."""
