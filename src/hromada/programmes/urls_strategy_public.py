"""Portal pages of the published strategies and action plans; included under ``programmes/`` in the
``programmes_public`` namespace. Parameters: strategy_id, action_plan_id."""

from django.urls import path

from hromada.programmes import views_strategy_public as v

urlpatterns = [
    path("strategies/", v.strategy_list, name="strategy-list"),
    path("strategies/<int:strategy_id>/", v.strategy_detail, name="strategy-detail"),
    path("plans/", v.plan_list, name="plan-list"),
    path("plans/<int:action_plan_id>/", v.plan_detail, name="plan-detail"),
]
