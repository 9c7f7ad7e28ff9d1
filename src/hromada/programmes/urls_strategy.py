"""Staff pages of strategies, action plans and self-assessments; included under ``staff/programmes/`` in the
``programmes`` namespace (names start with strategy-, plan- or assessment-).

URL parameters name what they point to, so the tenant-isolation crawl can be taught each one: strategy_id,
strategic_direction_id, strategic_goal_id, strategy_result_id, strategy_step_id, swot_item_id,
action_plan_id, plan_measure_id, plan_indicator_id, assessment_id.
"""

from django.urls import path

from hromada.programmes import views_strategy as v

urlpatterns = [
    # IT strategy
    path("strategies/", v.strategy_list, name="strategy-list"),
    path("strategies/new/", v.strategy_form, name="strategy-create"),
    path("strategies/<int:strategy_id>/", v.strategy_detail, name="strategy-detail"),
    path("strategies/<int:strategy_id>/edit/", v.strategy_form, name="strategy-edit"),
    path("strategies/<int:strategy_id>/delete/", v.strategy_delete, name="strategy-delete"),
    path("strategies/<int:strategy_id>/export.xlsx", v.strategy_export, name="strategy-export"),
    path("strategies/<int:strategy_id>/directions/new/", v.direction_form, name="strategy-direction-create"),
    path("strategies/<int:strategy_id>/swot/new/", v.swot_form, name="strategy-swot-create"),
    path("strategies/directions/<int:strategic_direction_id>/edit/", v.direction_form,
         name="strategy-direction-edit"),
    path("strategies/directions/<int:strategic_direction_id>/delete/", v.direction_delete,
         name="strategy-direction-delete"),
    path("strategies/directions/<int:strategic_direction_id>/goals/new/", v.goal_form, name="strategy-goal-create"),
    path("strategies/goals/<int:strategic_goal_id>/edit/", v.goal_form, name="strategy-goal-edit"),
    path("strategies/goals/<int:strategic_goal_id>/delete/", v.goal_delete, name="strategy-goal-delete"),
    path("strategies/goals/<int:strategic_goal_id>/results/new/", v.result_form, name="strategy-result-create"),
    path("strategies/results/<int:strategy_result_id>/", v.result_detail, name="strategy-result-detail"),
    path("strategies/results/<int:strategy_result_id>/edit/", v.result_form, name="strategy-result-edit"),
    path("strategies/results/<int:strategy_result_id>/delete/", v.result_delete, name="strategy-result-delete"),
    path("strategies/results/<int:strategy_result_id>/steps/new/", v.step_add, name="strategy-step-create"),
    path("strategies/steps/<int:strategy_step_id>/edit/", v.step_edit, name="strategy-step-edit"),
    path("strategies/steps/<int:strategy_step_id>/move/", v.step_move, name="strategy-step-move"),
    path("strategies/steps/<int:strategy_step_id>/done/", v.step_done, name="strategy-step-done"),
    path("strategies/steps/<int:strategy_step_id>/delete/", v.step_delete, name="strategy-step-delete"),
    path("strategies/swot/<int:swot_item_id>/edit/", v.swot_form, name="strategy-swot-edit"),
    path("strategies/swot/<int:swot_item_id>/delete/", v.swot_delete, name="strategy-swot-delete"),
    # action plans
    path("plans/", v.plan_list, name="plan-list"),
    path("plans/new/", v.plan_form, name="plan-create"),
    path("plans/<int:action_plan_id>/", v.plan_detail, name="plan-detail"),
    path("plans/<int:action_plan_id>/edit/", v.plan_form, name="plan-edit"),
    path("plans/<int:action_plan_id>/delete/", v.plan_delete, name="plan-delete"),
    path("plans/<int:action_plan_id>/export.xlsx", v.plan_export, name="plan-export"),
    path("plans/<int:action_plan_id>/measures/new/", v.measure_form, name="plan-measure-create"),
    path("plans/<int:action_plan_id>/indicators/new/", v.plan_indicator_form, name="plan-indicator-create"),
    path("plans/measures/<int:plan_measure_id>/edit/", v.measure_form, name="plan-measure-edit"),
    path("plans/measures/<int:plan_measure_id>/delete/", v.measure_delete, name="plan-measure-delete"),
    path("plans/indicators/<int:plan_indicator_id>/edit/", v.plan_indicator_form, name="plan-indicator-edit"),
    path("plans/indicators/<int:plan_indicator_id>/delete/", v.plan_indicator_delete, name="plan-indicator-delete"),
    # yearly self-assessments
    path("assessments/", v.assessment_list, name="assessment-list"),
    path("assessments/new/", v.assessment_create, name="assessment-create"),
    path("assessments/<int:assessment_id>/", v.assessment_detail, name="assessment-detail"),
    path("assessments/<int:assessment_id>/answers/", v.assessment_answers, name="assessment-answers"),
    path("assessments/<int:assessment_id>/final/", v.assessment_finalise, name="assessment-finalise"),
    path("assessments/<int:assessment_id>/delete/", v.assessment_delete, name="assessment-delete"),
]
