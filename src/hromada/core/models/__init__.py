from hromada.core.models.accounts import ApiToken, FailedLogin, RoleAssignment, User, hash_token
from hromada.core.models.audit import AuditEntry
from hromada.core.models.calendar import CalendarException
from hromada.core.models.jobs import JobRun
from hromada.core.models.notifications import Channel, Delivery, Notice, NotificationPreference
from hromada.core.models.tenancy import (
    Department,
    Hromada,
    HromadaHost,
    Institution,
    Official,
    Settlement,
    StarostaDistrict,
    TenantModel,
)

__all__ = [
    "ApiToken", "AuditEntry", "CalendarException", "Department", "FailedLogin", "Hromada", "HromadaHost",
    "Institution", "JobRun", "Official", "RoleAssignment", "Settlement", "StarostaDistrict", "TenantModel", "User",
    "hash_token",
]
__all__ += ["Channel", "Delivery", "Notice", "NotificationPreference"]
from hromada.core.models.cases import (  # noqa: E402
    Case,
    CaseAttachment,
    CaseCategory,
    CaseCounter,
    CaseEvent,
    CaseExecutor,
)
from hromada.core.models.cases import Channel as CaseChannel  # noqa: E402
from hromada.core.models.cases import Outcome as CaseOutcome  # noqa: E402
from hromada.core.models.cases import Status as CaseStatus  # noqa: E402

__all__ += ["Case", "CaseAttachment", "CaseCategory", "CaseChannel", "CaseCounter", "CaseEvent", "CaseExecutor",
            "CaseOutcome", "CaseStatus"]
