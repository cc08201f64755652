"""Equitone: an offline workstation for tone-balancing rehab (relax the overactive,
activate the underactive, then relax the underactive as well)."""

__version__ = "0.1.0"
