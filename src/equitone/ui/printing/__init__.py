"""In-app printing: File → Print…/Export PDF…/Print progress report… (`controller`), the
options dialogs (`options`), a PDF preview with Print…/Export PDF… (`preview`), and a
cancellable progress dialog (`progress`). Their questions go through the window's prompt
bridge (ui/prompts.py).

Documents themselves are built by :mod:`equitone.printing` (reportlab, loaded on first use);
this package asks what to print, shows, prints and copies the finished PDF. The main window
imports the controller at start-up, which must stay cheap: nothing is re-exported here.
"""
