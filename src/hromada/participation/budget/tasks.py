"""Scheduled jobs of the participatory budget: none yet. Phases follow from the edition's dates
(``services.phase_of``), so nothing has to be switched on a schedule; authors are notified by the services."""
