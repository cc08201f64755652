"""The scripting face of Equitone: `equitone SUBCOMMAND …` (see `equitone --help`)."""
