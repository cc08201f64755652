"""One module per sub-command group; each exposes `register(subparsers)`."""
