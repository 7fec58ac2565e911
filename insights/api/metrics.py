"""Competency metrics over the API, each with its plain-English explanation."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from insights.metric_definitions import metric_definitions
from insights.models import Channel
from insights.selectors.metrics import INTERVALS, contact_metrics, contact_metrics_by_interval, metrics_window

_WINDOW = [
    OpenApiParameter("start", OpenApiTypes.STR, required=True, description="Date (midnight in TIME_ZONE) or time."),
    OpenApiParameter("end", OpenApiTypes.STR, required=True, description="Exclusive end, same forms as start."),
    OpenApiParameter("channel", OpenApiTypes.STR, enum=Channel.values),
    OpenApiParameter("queue", OpenApiTypes.STR),
]


class MetricValuesSerializer(serializers.Serializer):
    offered = serializers.IntegerField()
    service_level = serializers.FloatField(allow_null=True)
    average_speed_of_answer_seconds = serializers.FloatField(allow_null=True)
    abandonment_rate = serializers.FloatField(allow_null=True)
    average_handle_time_seconds = serializers.FloatField(allow_null=True)
    first_contact_resolution = serializers.FloatField(allow_null=True)
    csat = serializers.FloatField(allow_null=True)
    nps = serializers.FloatField(allow_null=True)


class MetricDefinitionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    explanation = serializers.CharField()
    unit = serializers.CharField()


class ContactMetricsSerializer(MetricValuesSerializer):
    definitions = MetricDefinitionSerializer(many=True)


class MetricsIntervalSerializer(MetricValuesSerializer):
    interval_start = serializers.DateTimeField()


class MetricsByIntervalSerializer(serializers.Serializer):
    interval = serializers.CharField()
    results = MetricsIntervalSerializer(many=True)


class _Filters(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    queue = serializers.CharField(required=False, allow_blank=True, max_length=80)
    interval = serializers.ChoiceField(choices=list(INTERVALS), required=False, default="hour")


def _parse(request) -> tuple:
    start, end = metrics_window(start=request.query_params.get("start", ""), end=request.query_params.get("end", ""))
    filters = _Filters(data=request.query_params)
    filters.is_valid(raise_exception=True)
    data = filters.validated_data
    return start, end, data.get("channel") or None, data.get("queue") or None, data["interval"]


def _definitions() -> list[dict]:
    return [
        {"key": d.key, "label": d.label, "explanation": d.explanation, "unit": d.unit} for d in metric_definitions()
    ]


class MetricsView(APIView):
    """Service level, speed of answer, abandonment, handle time, first contact resolution, CSAT and NPS.

    Rates are fractions from 0 to 1, NPS is in points; a metric with nothing to measure is null.
    `definitions` explains each metric in one plain sentence.
    """

    @extend_schema(
        parameters=_WINDOW,
        responses=ContactMetricsSerializer,
    )
    def get(self, request):
        require(request.user, Action.VIEW_METRICS)
        start, end, channel, queue, _ = _parse(request)
        return Response(
            {**contact_metrics(start=start, end=end, channel=channel, queue=queue), "definitions": _definitions()}
        )


class MetricsByIntervalView(APIView):
    """The same metrics per 15 minutes, hour or day (in TIME_ZONE), every interval listed, oldest first."""

    @extend_schema(
        parameters=[*_WINDOW, OpenApiParameter("interval", OpenApiTypes.STR, enum=list(INTERVALS))],
        responses=MetricsByIntervalSerializer,
    )
    def get(self, request):
        require(request.user, Action.VIEW_METRICS)
        start, end, channel, queue, interval = _parse(request)
        rows = contact_metrics_by_interval(start=start, end=end, interval=interval, channel=channel, queue=queue)
        for row in rows:
            row["interval_start"] = row["interval_start"].isoformat()
        return Response({"interval": interval, "results": rows})
