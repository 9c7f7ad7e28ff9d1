"""Per-hromada settings of the IT assets module: service terms of IT requests and what the portal shows."""

from django.utils.translation import gettext_lazy as _

from hromada.core.hromada_settings import SettingSpec, register

TERMS_BASIS = "Внутрішній регламент ІТ-обслуговування (встановлює громада)"

# Working days of the core calendar to resolve a request of each priority.
REQUEST_TERMS = {"critical": 1, "high": 2, "normal": 5, "low": 10}

for priority, days in REQUEST_TERMS.items():
    register(SettingSpec(
        f"itassets.term_{priority}", int, days,
        {"critical": _("IT request term, critical priority, working days"),
         "high": _("IT request term, high priority, working days"),
         "normal": _("IT request term, normal priority, working days"),
         "low": _("IT request term, low priority, working days")}[priority],
        TERMS_BASIS, minimum=1,
    ))

# After a request is resolved its reporter may reopen it (not fixed) for this many working days; then it closes.
register(SettingSpec(
    "itassets.reopen_working_days", int, 5,
    _("IT request: working days after the resolution during which the reporter may reopen it"),
    TERMS_BASIS, minimum=1,
))

register(SettingSpec(
    "itassets.publish_cameras", bool, True, _("Publish the map of video-surveillance cameras (locations only)"),
    "ЗУ «Про доступ до публічної інформації»; трансляції не оприлюднюються",
))
register(SettingSpec(
    "itassets.publish_connectivity", bool, True, _("Publish the connectivity of the council and its institutions"),
    "Програма інформатизації (шаблон Мінцифри 2024, додаток 2: показники підключення)",
))

# A backup counts as overdue only this long after its period (24 h, 7 or 31 days) has passed without a
# successful run: a nightly job that finishes a few hours later than the night before is not late.
register(SettingSpec(
    "itassets.backup_grace_hours", int, 6,
    _("Backups: hours of grace after the schedule's period before a backup counts as overdue"),
    "Внутрішній регламент резервного копіювання (встановлює громада)", minimum=0,
))
