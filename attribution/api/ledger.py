"""Ledger API: improvements, outcomes (posted as balanced transactions), reversals and balances from the
rollups; the transaction list and the exports are in `attribution.api.transactions`."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Department
from accounts.policy import Action, department_scope, require
from attribution.models import Improvement, LedgerEntry, LedgerTransaction, Outcome, OutcomeKind, validate_weight
from attribution.selectors.ledger import GROUPINGS, ledger_balances
from attribution.services.ledger import (
    MAX_OUTCOMES_PER_REQUEST,
    improvement_create,
    outcome_record,
    outcome_reverse,
    outcomes_record,
)
from core.money import MoneySerializerField
from core.periods import period_from_params
from insights.models import Insight


class WeightIn(serializers.Serializer):
    insight = serializers.PrimaryKeyRelatedField(queryset=Insight.objects.all())
    weight = serializers.DecimalField(max_digits=5, decimal_places=4, validators=[validate_weight])


class ImprovementIn(serializers.Serializer):
    department = serializers.SlugRelatedField(slug_field="slug", queryset=Department.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    shipped_on = serializers.DateField()
    insights = WeightIn(many=True, allow_empty=True)


class WeightOut(serializers.Serializer):
    insight = serializers.IntegerField(source="insight_id")
    weight = serializers.DecimalField(max_digits=5, decimal_places=4)


class ImprovementOut(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    insights = WeightOut(source="insight_weights", many=True, read_only=True)

    class Meta:
        model = Improvement
        fields = ["id", "department", "title", "description", "shipped_on", "insights"]


class EntryOut(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    amount = MoneySerializerField(allow_negative=True, read_only=True)
    outcome_kind = serializers.CharField(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = ["id", "account", "amount", "currency", "department", "insight", "category", "outcome_kind", "month"]


class TransactionOut(serializers.ModelSerializer):
    entries = EntryOut(many=True, read_only=True)
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = LedgerTransaction
        fields = ["id", "kind", "outcome", "reverses", "signoff_record", "effective_on", "memo", "posted_at", "entries"]


class OutcomeIn(serializers.Serializer):
    improvement = serializers.PrimaryKeyRelatedField(queryset=Improvement.objects.select_related("department"))
    kind = serializers.ChoiceField(
        choices=OutcomeKind.choices,
        error_messages={"invalid_choice": f"Kind must be one of {', '.join(OutcomeKind.values)}."},
    )
    amount = MoneySerializerField(allow_zero=False)
    currency = serializers.CharField(required=False, max_length=3)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    method = serializers.CharField(allow_blank=True)
    idempotency_key = serializers.CharField(max_length=120)
    forecast = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Expected value for a period ending after today: recorded, kept off the ledger, shown as expected.",
    )


class OutcomeOut(serializers.ModelSerializer):
    transactions = TransactionOut(many=True, read_only=True)
    kind = serializers.CharField(read_only=True)
    amount = MoneySerializerField(read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "improvement",
            "kind",
            "amount",
            "currency",
            "period_start",
            "period_end",
            "method",
            "idempotency_key",
            "forecast",
            "recorded_at",
            "transactions",
        ]


class ReverseIn(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class BalanceOut(serializers.Serializer):
    key = serializers.CharField()
    secured = serializers.CharField()
    unsecured = serializers.CharField()
    disputed = serializers.CharField()
    department = serializers.CharField()


def _row_errors(errors: dict, many: str, *, keyed: bool) -> dict[str, list[str]]:
    """Name the errors of a list field's rows as the services do, so a refusal reads the same whichever layer
    made it: `keyed` gives `outcomes[3].amount`; otherwise they go under the list field as "Row 4: weight: ..."."""
    flat: dict[str, list[str]] = {}
    for field, messages in errors.items():
        # DRF gives a list field's row errors as a list of dicts, or as {row index: dict} for long lists.
        rows = dict(enumerate(messages)) if isinstance(messages, list) else messages
        if field != many or not isinstance(rows, dict) or not all(isinstance(r, dict) for r in rows.values()):
            flat[field] = [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
            continue
        for index, row in rows.items():
            for row_field, row_messages in row.items():
                if keyed:
                    flat.setdefault(f"{many}[{index}].{row_field}", []).extend(str(m) for m in row_messages)
                else:
                    flat.setdefault(many, []).extend(f"Row {index + 1}: {row_field}: {m}" for m in row_messages)
    return flat


def _outcome_payload(outcome: Outcome) -> dict:
    entries = Prefetch("entries", LedgerEntry.objects.select_related("department"))
    outcome = Outcome.objects.prefetch_related(
        Prefetch("transactions", LedgerTransaction.objects.prefetch_related(entries).order_by("id"))
    ).get(pk=outcome.pk)
    return OutcomeOut(outcome).data


class ImprovementCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ImprovementIn, responses={201: ImprovementOut})
    def post(self, request):
        data = ImprovementIn(data=request.data)
        if not data.is_valid():
            raise ValidationError(_row_errors(data.errors, "insights", keyed=False))
        fields = data.validated_data
        weights = [(row["insight"], row["weight"]) for row in fields.pop("insights")]
        improvement = improvement_create(user=request.user, insights=weights, **fields)
        return Response(ImprovementOut(improvement).data, status=status.HTTP_201_CREATED)


class OutcomeCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OutcomeIn, responses={201: OutcomeOut, 200: OutcomeOut})
    def post(self, request):
        data = OutcomeIn(data=request.data)
        data.is_valid(raise_exception=True)
        outcome, created = outcome_record(user=request.user, **data.validated_data)
        return Response(_outcome_payload(outcome), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class OutcomeBatchIn(serializers.Serializer):
    outcomes = OutcomeIn(many=True, allow_empty=False, max_length=MAX_OUTCOMES_PER_REQUEST)


class OutcomeBatchRowOut(serializers.Serializer):
    id = serializers.IntegerField()
    idempotency_key = serializers.CharField()
    created = serializers.BooleanField(help_text="False when the key was already recorded (a replay).")
    transaction = serializers.IntegerField(help_text="The posting transaction of the outcome.")


class OutcomeBatchOut(serializers.Serializer):
    outcomes = OutcomeBatchRowOut(many=True)


class OutcomeBatchView(APIView):
    """Record up to 1,000 outcomes in one request, all or nothing (e.g. a month's figures from finance).
    Each posts its own balanced transaction; errors name the row and field (`outcomes[3].amount`)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=OutcomeBatchIn, responses={201: OutcomeBatchOut, 200: OutcomeBatchOut})
    def post(self, request):
        data = OutcomeBatchIn(data=request.data)
        if not data.is_valid():
            raise ValidationError(_row_errors(data.errors, "outcomes", keyed=True))
        results = outcomes_record(user=request.user, rows=data.validated_data["outcomes"])
        postings = dict(
            LedgerTransaction.objects.filter(
                outcome__in=[outcome for outcome, _ in results], kind=LedgerTransaction.Kind.POSTING
            ).values_list("outcome_id", "id")
        )
        rows = [
            {"id": o.pk, "idempotency_key": o.idempotency_key, "created": created, "transaction": postings[o.pk]}
            for o, created in results
        ]
        any_created = any(created for _, created in results)
        return Response({"outcomes": rows}, status=status.HTTP_201_CREATED if any_created else status.HTTP_200_OK)


class OutcomeReverseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReverseIn, responses={201: TransactionOut})
    def post(self, request, pk: int):
        outcome = get_object_or_404(Outcome.objects.select_related("improvement__department"), pk=pk)
        data = ReverseIn(data=request.data)
        data.is_valid(raise_exception=True)
        txn = outcome_reverse(user=request.user, outcome=outcome, reason=data.validated_data["reason"])
        txn = LedgerTransaction.objects.prefetch_related("entries__department").get(pk=txn.pk)
        return Response(TransactionOut(txn).data, status=status.HTTP_201_CREATED)


class BalancesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("quarter", int),
            OpenApiParameter("group_by", str, enum=list(GROUPINGS)),
        ],
        responses={200: BalanceOut(many=True)},
    )
    def get(self, request):
        require(request.user, Action.BROWSE_LEDGER)
        group_by = request.query_params.get("group_by", "account")
        if group_by not in GROUPINGS:
            raise ValidationError({"group_by": [f"group_by must be one of {', '.join(GROUPINGS)}."]})
        rows = ledger_balances(
            period=period_from_params(request.query_params),
            group_by=group_by,
            department_ids=department_scope(request.user, Action.VIEW_LEDGER),
        )
        return Response(
            [{k: str(v) for k, v in row.items()} for row in rows],
        )
