"""Qt user interface of Equitone (widgets, windows, dialogs)."""
