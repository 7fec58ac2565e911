"""GET/POST /api/center-costs/ — the center's cost month by month, the denominator of its return."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from attribution.selectors.costs import center_costs
from attribution.services.costs import center_cost_record
from core.money import MoneySerializerField
from core.periods import month_parse


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-10"})
class MonthField(serializers.Field):
    """A month as `2026-10`, read with `core.periods.month_parse`."""

    def to_internal_value(self, data):
        try:
            return month_parse(data, field=self.field_name)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.message_dict[self.field_name]) from None

    def to_representation(self, value):
        return f"{value:%Y-%m}"


class CenterCostIn(serializers.Serializer):
    month = MonthField()
    amount = MoneySerializerField(allow_zero=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)


class CenterCostOut(serializers.Serializer):
    month = MonthField()
    amount = MoneySerializerField()
    currency = serializers.CharField()
    note = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.email")
    recorded_at = serializers.DateTimeField()


class CenterCostList(APIView):
    @extend_schema(responses=CenterCostOut(many=True))
    def get(self, request):
        """Every recorded month, newest first."""
        require(request.user, Action.VIEW_CENTER_COSTS)
        return Response(CenterCostOut(center_costs(), many=True).data)

    @extend_schema(request=CenterCostIn, responses={200: CenterCostOut, 201: CenterCostOut})
    def post(self, request):
        """Record a month's cost (201), or replace the month's earlier figure (200). The center's lead only."""
        require(request.user, Action.RECORD_CENTER_COST)
        incoming = CenterCostIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        cost, created = center_cost_record(user=request.user, **incoming.validated_data)
        return Response(CenterCostOut(cost).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
