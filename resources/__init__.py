"""Data files shipped with Equitone (catalogs, body-map artwork, fonts, icons).

Installed as the package ``equitone.resources``; read them with ``equitone.resources_access``.
"""
