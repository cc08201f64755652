"""Body-map artwork and rendering with QtGui only (no widgets): parsing the SVG regions,
state appearance, and off-screen PNG/SVG rendering. Shared by the interactive view
(equitone.ui.bodymap), the CLI's `bodymap` export and the printed documents."""
