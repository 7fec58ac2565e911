"""GET /api/exec/summary/?year=&quarter= — the dashboard's figures as JSON, value first."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from attribution.selectors.executive import executive_summary
from attribution.views.executive import period_from_query


class ExecutiveSummarySerializer(serializers.Serializer):
    period = serializers.DictField()
    value = serializers.DictField()
    early_warning = serializers.ListField(
        child=serializers.DictField(), help_text="One row per emerging issue (reason and signal) flagged in the period."
    )
    partnership = serializers.ListField(
        child=serializers.DictField(),
        help_text="attribution.selectors.signoffs.department_scorecards: requests received in the period, with "
        "their answers whenever they came; pending = still open now.",
    )
    competency = serializers.DictField()


class ExecutiveSummaryView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("quarter", int)],
        responses=ExecutiveSummarySerializer,
    )
    def get(self, request):
        require(request.user, Action.VIEW_EXECUTIVE)
        period = period_from_query(request.query_params)
        return Response(executive_summary(period=period))
