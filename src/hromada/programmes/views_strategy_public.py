"""Portal pages: the hromada's published IT strategies and action plans, read by anyone.

Only what ``is_published`` marks is shown; anything else is a 404, as is another hromada's record. The
pages carry no personal data: responsible units are named, never people, and the change history stays in
the staff area.
"""

from __future__ import annotations

from django.shortcuts import render

from hromada.programmes.services import strategy as svc
from hromada.programmes.views_strategy import direction_chart, status_chart


def strategy_list(request):
    return render(request, "programmes/public/strategy_list.html", {
        "strategies": svc.public_strategies(request.hromada),
        "plans": svc.public_plans(request.hromada),
    })


def strategy_detail(request, strategy_id):
    item = svc.public_strategy(request.hromada, strategy_id)
    metrics = svc.MetricCache(request.hromada)
    tree = svc.strategy_tree(item, metrics)
    return render(request, "programmes/public/strategy_detail.html", {
        "strategy": item, "tree": tree, "swot": svc.swot(item), "chart": direction_chart(tree),
        "today": metrics.today,
    })


def plan_list(request):
    return render(request, "programmes/public/strategy_plan_list.html", {
        "plans": svc.public_plans(request.hromada),
    })


def plan_detail(request, action_plan_id):
    item = svc.public_plan(request.hromada, action_plan_id)
    metrics = svc.MetricCache(request.hromada)
    chart, counts = status_chart(item)
    return render(request, "programmes/public/strategy_plan_detail.html", {
        "plan": item, "measures": svc.plan_measures(item), "indicators": svc.indicator_rows(item, metrics),
        "chart": chart, "status_counts": counts, "today": metrics.today,
    })
