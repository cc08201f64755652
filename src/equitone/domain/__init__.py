"""Pure-Python clinical domain: no Qt, no SQLAlchemy (enforced by tests/test_architecture.py)."""
