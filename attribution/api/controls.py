"""Ledger controls: closing and reopening accounting months, and the outcomes still expected (forecasts)."""

import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, department_scope, require
from attribution.api.ledger import OutcomeOut
from attribution.models import AccountingPeriod, Outcome
from attribution.selectors.outcomes import MonthState, accounting_months, outcomes_expected
from attribution.services.ledger import period_close, period_reopen
from core.periods import month_parse


class PeriodOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    closed = serializers.BooleanField()
    closed_by = serializers.CharField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


def _period_payload(state) -> dict:
    return {
        "month": state.key,
        "closed": state.closed is not None,
        "closed_by": str(state.closed.closed_by) if state.closed else None,
        "closed_at": state.closed.closed_at if state.closed else None,
    }


class PeriodList(APIView):
    """The last twelve accounting months, newest first, open or closed."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PeriodOut(many=True)})
    def get(self, request):
        require(request.user, Action.CLOSE_PERIOD)
        return Response([_period_payload(s) for s in accounting_months()])


class PeriodClose(APIView):
    """Close an ended month (the lead or an administrator): outcomes dated in it are refused afterwards."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: PeriodOut})
    def post(self, request, month: str):
        period = period_close(user=request.user, month=month_parse(month))
        return Response(_period_payload_of(period.month), status=status.HTTP_200_OK)


class PeriodReopen(APIView):
    """Reopen a closed month (the lead or an administrator)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: PeriodOut})
    def post(self, request, month: str):
        day = month_parse(month)
        period_reopen(user=request.user, month=day)
        return Response(_period_payload_of(day), status=status.HTTP_200_OK)


def _period_payload_of(month: dt.date) -> dict:
    closed = AccountingPeriod.objects.select_related("closed_by").filter(month=month).first()
    return _period_payload(MonthState(month=month, closed=closed, ended=True))


class ExpectedList(ListAPIView):
    """Forecasts still expected (their period ends after today): value recorded ahead, never credited."""

    permission_classes = [IsAuthenticated]
    serializer_class = OutcomeOut

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Outcome.objects.none()
        require(self.request.user, Action.BROWSE_LEDGER)
        scope = department_scope(self.request.user, Action.VIEW_LEDGER)
        return outcomes_expected(department_ids=scope).prefetch_related("transactions")
