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

register(SettingSpec(
    "itassets.publish_cameras", bool, True, _("Publish the map of video-surveillance cameras (locations only)"),
    "ЗУ «Про доступ до публічної інформації»; трансляції не оприлюднюються",
))
register(SettingSpec(
    "itassets.publish_connectivity", bool, True, _("Publish the connectivity of the council and its institutions"),
    "Програма інформатизації (шаблон Мінцифри 2024, додаток 2: показники підключення)",
))
