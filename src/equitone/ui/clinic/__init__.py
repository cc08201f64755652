"""Clinic mode in the window: connecting a workstation to the clinic's PostgreSQL server
(and back to the local database). Modules import their services on first use (start-up is
timed)."""
