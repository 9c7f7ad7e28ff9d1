"""What of core's own rows public pages show (core/pagecache.py): the hromada itself (name, settings, hosts),
its structure and officials (contacts), the working-day calendar (every module's terms), and the case engine
(the public figures of appeals and requests)."""

from hromada.core import pagecache
from hromada.core.models import (
    CalendarException,
    Case,
    CaseCategory,
    CaseEvent,
    CaseExecutor,
    Department,
    Hromada,
    HromadaHost,
    Institution,
    Official,
    Settlement,
    StarostaDistrict,
)

pagecache.register_models(pagecache.CORE, Hromada, HromadaHost, StarostaDistrict, Settlement, Department,
                          Institution, Official, CalendarException)
pagecache.register_models("cases", CaseCategory, Case, CaseExecutor, CaseEvent)
# The machine-readable description of the API shows no rows; the core router's public lists show core's.
pagecache.register_pages("/api/v1/", pagecache.ANY)
