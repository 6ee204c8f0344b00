"""Names of the contact-list filters, shared by the services and the CLI's options (a light module:
`netcapture --help` must not load the database layer)."""
from __future__ import annotations

FOLLOW_UP_FILTERS = ("today", "overdue", "due")  # due today / before today / today or before
