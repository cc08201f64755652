"""Working beside other workstations on a shared database, the window's part: the poll that
publishes other workstations' changes (poller, controller), the connection's word in the
status bar (status), what a clash looks like (conflict, patient_clash), which screens may be
refreshed now (refresh), closing while changes wait (closing), and the life of one versioned
write of an undo command (versioned). The logic below the window is in the services
(write_steps, write_gate, outbox, change_poll) and the domain (merge).

Modules are imported where used: nothing here is needed before the window's first paint.
"""
