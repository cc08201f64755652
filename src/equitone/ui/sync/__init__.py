"""Working beside other workstations on a shared database: stale saves refused and resolved
(guard, merge, conflict), other workstations' changes shown without a restart (poller,
refresh), and edits kept while the server is unreachable (controller, gate, status).

Modules are imported where used: nothing here is needed before the window's first paint.
"""
