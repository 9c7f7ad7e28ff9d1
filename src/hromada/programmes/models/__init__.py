from hromada.programmes.models.assessment import Assessment, AssessmentAnswer
from hromada.programmes.models.fields import Source
from hromada.programmes.models.monitoring import (
    AnnualReport,
    IndicatorSnapshot,
    MonitoringPeriod,
    ReminderLog,
    TaskProgress,
    UnitReport,
)
from hromada.programmes.models.programme import (
    SECTIONS,
    Direction,
    Indicator,
    IndicatorYear,
    Programme,
    ProgrammeFinancing,
    ProgrammeVersion,
    Task,
    TaskFinancing,
)
from hromada.programmes.models.strategy import (
    ActionPlan,
    ActionStep,
    PlanIndicator,
    PlanMeasure,
    StrategicDirection,
    StrategicGoal,
    Strategy,
    StrategyResult,
    SwotItem,
)

__all__ = [
    "SECTIONS", "ActionPlan", "ActionStep", "AnnualReport", "Assessment", "AssessmentAnswer", "Direction",
    "Indicator", "IndicatorSnapshot", "IndicatorYear", "MonitoringPeriod", "PlanIndicator", "PlanMeasure",
    "Programme", "ProgrammeFinancing", "ProgrammeVersion", "ReminderLog", "Source", "StrategicDirection",
    "StrategicGoal", "Strategy", "StrategyResult", "SwotItem", "Task", "TaskFinancing", "TaskProgress",
    "UnitReport",
]
