"""The REST API (FastAPI): routers per resource, error envelope, auth dependencies, middleware."""
