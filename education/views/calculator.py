"""The queue and staffing calculator page: Erlang C on the center's own busy hour, and the trade-off chart."""

from __future__ import annotations

import math

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.policy import Action, require
from core.pages import service_errors
from core.query import AsciiIntegerField
from education import selectors, staffing
from education.quiz import hour_label

TRADEOFF_LEVELS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99]


class CalculatorForm(forms.Form):
    contacts = forms.FloatField(min_value=0, label="Calls (or chats) in the interval")
    interval_minutes = forms.FloatField(min_value=1, max_value=1440, initial=60, label="Interval, minutes")
    aht_seconds = forms.FloatField(
        min_value=1,
        max_value=86400,
        label="Time per contact, seconds",
        help_text="Talking plus the follow-up work after each contact; the center calls it AHT (average handle time).",
    )
    target_percent = forms.FloatField(min_value=1, max_value=99.9, initial=80, label="Answer this share of calls (%)…")
    target_seconds = forms.FloatField(min_value=0, max_value=3600, label="…within this many seconds")
    shrinkage_percent = forms.FloatField(
        min_value=0,
        max_value=95,
        initial=30,
        label="Time away from the phones (%)",
        help_text="Paid time not spent with customers: breaks, training, meetings, absence.",
    )
    agents = AsciiIntegerField(
        min_value=1, max_value=staffing.MAX_AGENTS, required=False, label="People on the phones (optional)"
    )


def _tradeoff_chart(curve: list[staffing.QueueFigures], levels: list[float], highlight: float) -> dict:
    """Geometry for a server-rendered SVG: bars for agents needed, a line for occupancy."""
    width, height = 640, 300
    left, right, top, bottom = 48, 56, 20, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    top_agents = max(f.agents for f in curve)
    agent_max = max(5, math.ceil(top_agents * 1.15 / 5) * 5)
    slot = plot_w / len(curve)
    bars, points = [], []
    for index, (figures, level) in enumerate(zip(curve, levels, strict=True)):
        x = left + index * slot
        bar_h = plot_h * figures.agents / agent_max
        cx = x + slot / 2
        cy = top + plot_h * (1 - figures.occupancy)
        bars.append(
            {
                "x": round(x + slot * 0.18, 1),
                "y": round(top + plot_h - bar_h, 1),
                "w": round(slot * 0.64, 1),
                "h": round(bar_h, 1),
                "cx": round(cx, 1),
                "agents": figures.agents,
                "label": f"{level * 100:g}%",
                "occupancy": round(figures.occupancy * 100),
                "cy": round(cy, 1),
                "highlight": abs(level - highlight) < 1e-9,
            }
        )
        points.append(f"{cx:.1f},{cy:.1f}")
    agent_ticks = [
        {"y": round(top + plot_h * (1 - value / agent_max), 1), "value": value}
        for value in range(0, agent_max + 1, max(1, agent_max // 5))
    ]
    occupancy_ticks = [{"y": round(top + plot_h * (1 - p / 100), 1), "value": p} for p in range(0, 101, 25)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "top": top,
        "bottom_y": top + plot_h,
        "bars": bars,
        "line": " ".join(points),
        "agent_ticks": agent_ticks,
        "occupancy_ticks": occupancy_ticks,
        "axis_label_y": height - 8,
    }


def tradeoff_sentence(
    *,
    low: staffing.QueueFigures,
    high: staffing.QueueFigures,
    low_level: float,
    high_level: float,
    target_seconds: float,
) -> str:
    """The one plain-English sentence that answers "what happens to occupancy when service level increases?"."""
    seconds = f"{target_seconds:g} seconds"
    more = high.agents - low.agents
    if high.agents == low.agents:
        return (
            f"At this volume {low.agents} people already answer {high_level:.0%} of calls within {seconds}, so a "
            f"higher answer target costs nothing here; in a busier hour, raising it would add people and lower "
            "the share of their time spent talking to customers."
        )
    return (
        f"Raising the answer target from {low_level:.0%} to {high_level:.0%} of calls answered within {seconds} "
        f"takes {more} more {'person' if more == 1 else 'people'} ({low.agents} → {high.agents}), so the share "
        f"of their time spent talking to customers falls from {low.occupancy:.0%} to {high.occupancy:.0%}: "
        "as the answer target goes up, the time each person spends talking goes down."
    )


# The arithmetic names its own inputs; the page asks for contacts and percentages instead.
PAGE_FIELDS = {"traffic_erlangs": "contacts", "target_service_level": "target_percent"}


def _calculator_result(data: dict) -> dict:
    """What the page shows for the form's values; a queue that cannot be served is refused in the page's words."""
    try:
        return _figures(data)
    except staffing.StaffingInputError as exc:
        raise staffing.StaffingInputError(PAGE_FIELDS.get(exc.parameter, exc.parameter), exc.message) from exc


def _figures(data: dict) -> dict:
    """The figures for the form's values; raises StaffingInputError naming the arithmetic's parameter."""
    traffic = staffing.traffic_intensity(
        contacts=data["contacts"], interval_minutes=data["interval_minutes"], aht_seconds=data["aht_seconds"]
    )
    target = data["target_percent"] / 100
    needed = staffing.required_agents(
        traffic=traffic,
        aht_seconds=data["aht_seconds"],
        target_service_level=target,
        target_seconds=data["target_seconds"],
    )
    scheduled = staffing.scheduled_staff(agents=needed.agents, shrinkage=data["shrinkage_percent"] / 100)
    levels = sorted(set(TRADEOFF_LEVELS) | {round(target, 4)})
    curve = staffing.tradeoff(
        traffic=traffic,
        aht_seconds=data["aht_seconds"],
        target_seconds=data["target_seconds"],
        service_levels=levels,
    )
    chosen = None
    if data.get("agents"):
        chosen = staffing.queue_figures(
            agents=data["agents"],
            traffic=traffic,
            aht_seconds=data["aht_seconds"],
            target_seconds=data["target_seconds"],
        )
    low, high = curve[levels.index(0.8)], curve[levels.index(0.95)]
    return {
        "traffic": traffic,
        "needed": needed,
        "scheduled": scheduled,
        "chosen": chosen,
        "chosen_asa": (
            None
            if chosen is None or math.isinf(chosen.average_speed_of_answer_seconds)
            else chosen.average_speed_of_answer_seconds
        ),
        "chart": _tradeoff_chart(curve, levels, round(target, 4)),
        "rows": [{"level": level, "figures": f} for level, f in zip(levels, curve, strict=True)],
        "sentence": tradeoff_sentence(
            low=low, high=high, low_level=0.8, high_level=0.95, target_seconds=data["target_seconds"]
        ),
    }


@login_required
def staffing_calculator(request):
    """The queue and staffing calculator, prefilled with the center's own recent busy hour."""
    require(request.user, Action.VIEW_STAFFING)
    figures = selectors.recent_center_figures()
    initial = {
        "contacts": round(figures.busiest_hour_contacts),
        "interval_minutes": 60,
        "aht_seconds": round(figures.aht_seconds),
        "target_percent": 80,
        "target_seconds": figures.target_seconds,
        "shrinkage_percent": 30,
    }
    form = CalculatorForm(request.GET if "contacts" in request.GET else initial)
    result = None
    if form.is_valid():
        with service_errors(form):
            result = _calculator_result(form.cleaned_data)
    return render(
        request,
        "education/calculator.html",
        {"form": form, "result": result, "figures": figures, "busiest_hour": hour_label(figures.busiest_hour)},
        status=400 if form.errors else 200,
    )
