"""Use-cases shared by the CLI and the GUI. They take a Database, return domain objects (never
ORM rows), and run each write in one transaction."""
