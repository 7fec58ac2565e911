"""Erlang C from the command line: the agents a target needs, or the figures for a given team."""

import math

from django.core.management.base import BaseCommand, CommandError

from education import staffing


class Command(BaseCommand):
    help = "Queue and staffing calculator (Erlang C). Without --agents: the fewest agents that meet the target."

    def add_arguments(self, parser):
        parser.add_argument("--contacts", type=float, required=True, help="Contacts offered in one interval.")
        parser.add_argument("--interval-minutes", type=float, default=30)
        parser.add_argument("--aht-seconds", type=float, required=True, help="Average handle time, seconds.")
        parser.add_argument("--target-seconds", type=float, default=20)
        parser.add_argument("--target-service-level", type=float, default=0.8, help="0.8 means 80 %%.")
        parser.add_argument("--shrinkage", type=float, default=0.0, help="0.3 means 30 %%.")
        parser.add_argument("--agents", type=int, help="Report the figures for this many agents instead.")

    def handle(self, *args, **o):
        try:
            traffic = staffing.traffic_intensity(
                contacts=o["contacts"], interval_minutes=o["interval_minutes"], aht_seconds=o["aht_seconds"]
            )
            if o["agents"] is not None:
                f = staffing.queue_figures(
                    agents=o["agents"],
                    traffic=traffic,
                    aht_seconds=o["aht_seconds"],
                    target_seconds=o["target_seconds"],
                )
            else:
                f = staffing.required_agents(
                    traffic=traffic,
                    aht_seconds=o["aht_seconds"],
                    target_service_level=o["target_service_level"],
                    target_seconds=o["target_seconds"],
                )
                scheduled = staffing.scheduled_staff(agents=f.agents, shrinkage=o["shrinkage"])
        except staffing.StaffingInputError as exc:
            raise CommandError(f"--{exc.parameter.replace('_', '-')}: {exc.message}") from exc
        asa = (
            "infinite (under-staffed)"
            if math.isinf(f.average_speed_of_answer_seconds)
            else (f"{f.average_speed_of_answer_seconds:.1f} s")
        )
        self.stdout.write(f"traffic              {f.traffic_erlangs:.3f} Erlangs")
        self.stdout.write(f"agents               {f.agents}")
        if o["agents"] is None:
            self.stdout.write(f"scheduled staff      {scheduled} (shrinkage {o['shrinkage']:.0%})")
        self.stdout.write(f"probability of wait  {f.probability_of_waiting:.4f}")
        self.stdout.write(f"service level        {f.service_level:.4f} within {o['target_seconds']:g} s")
        self.stdout.write(f"average speed of answer {asa}")
        self.stdout.write(f"occupancy            {f.occupancy:.4f}")
