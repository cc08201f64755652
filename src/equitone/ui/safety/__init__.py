"""Data safety in the window: Back up now…, Restore…, the daily backup, the damaged-file
dialog and one window per database. Modules import their services on first use (start-up is
timed)."""
