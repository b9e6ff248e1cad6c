from portal import admin_requests  # noqa: F401  (change and card requests)
