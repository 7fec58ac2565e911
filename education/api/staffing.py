"""The queue and staffing calculator over HTTP: Erlang C figures, and the agents a target needs."""

import math

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from core.query import AsciiIntegerSerializerField
from education import staffing

# The pure module names derived traffic; people set it through the number of contacts.
_PARAMETER_NAMES = {"traffic_erlangs": "contacts", "agents": "agents"}


class _LoadParameters(serializers.Serializer):
    contacts = serializers.FloatField(min_value=0, help_text="Contacts offered in one interval.")
    interval_minutes = serializers.FloatField(min_value=0, max_value=1440, help_text="Length of the interval.")
    aht_seconds = serializers.FloatField(min_value=0, max_value=86400, help_text="Average handle time, seconds.")
    target_seconds = serializers.FloatField(
        min_value=0, max_value=86400, help_text="Answer-time target of the service level, seconds."
    )

    def validate_interval_minutes(self, value: float) -> float:
        if value <= 0:
            raise serializers.ValidationError("Must be greater than 0.")
        return value

    def validate_aht_seconds(self, value: float) -> float:
        if value <= 0:
            raise serializers.ValidationError("Must be greater than 0.")
        return value

    def validate(self, attrs):
        try:
            attrs["traffic"] = staffing.traffic_intensity(
                contacts=attrs["contacts"], interval_minutes=attrs["interval_minutes"], aht_seconds=attrs["aht_seconds"]
            )
        except staffing.StaffingInputError as exc:
            raise serializers.ValidationError({exc.parameter: [exc.message]}) from exc
        if attrs["traffic"] > staffing.MAX_AGENTS:
            raise serializers.ValidationError(
                {
                    "contacts": [
                        f"This is {attrs['traffic']:,.1f} Erlangs: more than {staffing.MAX_AGENTS:,} agents' worth of "
                        "work. Split the queue or shorten the interval."
                    ]
                }
            )
        return attrs


class ErlangCParameters(_LoadParameters):
    agents = AsciiIntegerSerializerField(min_value=1, max_value=staffing.MAX_AGENTS, help_text="People answering.")


class RequiredAgentsParameters(_LoadParameters):
    target_service_level = serializers.FloatField(
        help_text="Share of contacts to answer within target_seconds, between 0 and 1 (0.8 = 80 %)."
    )
    shrinkage = serializers.FloatField(
        default=0.0, help_text="Share of paid time not on the phones (breaks, training, absence), 0 to <1."
    )
    max_occupancy = serializers.FloatField(
        required=False, help_text="Optional cap on the share of time agents spend handling contacts, 0 to 1."
    )

    def validate_target_service_level(self, value: float) -> float:
        if not 0 < value < 1:
            raise serializers.ValidationError("Must be more than 0 and less than 1 (0.8 means 80 %).")
        return value

    def validate_shrinkage(self, value: float) -> float:
        if not 0 <= value < 1:
            raise serializers.ValidationError("Must be at least 0 and less than 1 (0.3 means 30 %).")
        return value

    def validate_max_occupancy(self, value: float) -> float:
        if not 0 < value <= 1:
            raise serializers.ValidationError("Must be more than 0 and at most 1.")
        return value


class ErlangCResult(serializers.Serializer):
    traffic_erlangs = serializers.FloatField()
    probability_of_waiting = serializers.FloatField()
    service_level = serializers.FloatField()
    average_speed_of_answer_seconds = serializers.FloatField(
        allow_null=True, help_text="Null when the queue is under-staffed: the wait grows without end."
    )
    occupancy = serializers.FloatField()
    understaffed = serializers.BooleanField()


class RequiredAgentsResult(serializers.Serializer):
    agents = serializers.IntegerField(help_text="People needed on the phones.")
    scheduled_staff = serializers.IntegerField(help_text="People to schedule once shrinkage is allowed for.")
    service_level = serializers.FloatField()
    occupancy = serializers.FloatField()
    traffic_erlangs = serializers.FloatField()


def _parse(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _staffing_error(exc: staffing.StaffingInputError) -> ValidationError:
    return ValidationError({_PARAMETER_NAMES.get(exc.parameter, exc.parameter): [exc.message]})


class ErlangCView(APIView):
    """Erlang C figures for a queue: waiting probability, service level, average speed of answer, occupancy."""

    @extend_schema(parameters=[ErlangCParameters], responses=ErlangCResult)
    def get(self, request):
        require(request.user, Action.VIEW_STAFFING)
        params = _parse(ErlangCParameters, request)
        try:
            figures = staffing.queue_figures(
                agents=params["agents"],
                traffic=params["traffic"],
                aht_seconds=params["aht_seconds"],
                target_seconds=params["target_seconds"],
            )
        except staffing.StaffingInputError as exc:
            raise _staffing_error(exc) from exc
        asa = figures.average_speed_of_answer_seconds
        return Response(
            {
                "traffic_erlangs": figures.traffic_erlangs,
                "probability_of_waiting": figures.probability_of_waiting,
                "service_level": figures.service_level,
                "average_speed_of_answer_seconds": None if math.isinf(asa) else asa,
                "occupancy": figures.occupancy,
                "understaffed": figures.understaffed,
            }
        )


class RequiredAgentsView(APIView):
    """The fewest agents that meet a service-level target, and the staff to schedule after shrinkage."""

    @extend_schema(parameters=[RequiredAgentsParameters], responses=RequiredAgentsResult)
    def get(self, request):
        require(request.user, Action.VIEW_STAFFING)
        params = _parse(RequiredAgentsParameters, request)
        try:
            figures = staffing.required_agents(
                traffic=params["traffic"],
                aht_seconds=params["aht_seconds"],
                target_service_level=params["target_service_level"],
                target_seconds=params["target_seconds"],
                max_occupancy=params.get("max_occupancy"),
            )
            scheduled = staffing.scheduled_staff(agents=figures.agents, shrinkage=params["shrinkage"])
        except staffing.StaffingInputError as exc:
            raise _staffing_error(exc) from exc
        return Response(
            {
                "agents": figures.agents,
                "scheduled_staff": scheduled,
                "service_level": figures.service_level,
                "occupancy": figures.occupancy,
                "traffic_erlangs": figures.traffic_erlangs,
            }
        )
