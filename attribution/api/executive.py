"""GET /api/exec/summary/?year=&quarter= — the dashboard's figures as JSON, value first.

The read model's figures go through the one presenter (`attribution.presenters.executive`) and are rendered by
a declared serializer tree, so the OpenAPI schema names every field. Amounts are JSON numbers, as they always
have been.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from attribution.presenters.executive import summary_words
from attribution.selectors.executive import executive_summary
from core.money import MONEY_MAX_DIGITS, MONEY_PLACES
from core.periods import Period, period_from_params


class Amount(serializers.DecimalField):
    """An amount in the period's currency, as a JSON number."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_PLACES, coerce_to_string=False, **kwargs)


class ExecutivePeriodSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="2026-Q4 for a quarter, 2026 for a whole year.")
    start = serializers.DateField(help_text="First day of the period.")
    end = serializers.DateField(help_text="Day after the period's last day.")
    currency = serializers.CharField()


class ExecutiveCreditSerializer(serializers.Serializer):
    secured = Amount(help_text="Credited and secured by a signed record.")
    unsecured = Amount(help_text="Credited with no signed record yet (at risk).")
    disputed = Amount(help_text="Credited but declined by the department.")
    credited = Amount(help_text="secured + unsecured + disputed.")


class ExecutiveSpanSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class ExecutiveCategoryRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="The insight category (null: not assigned).")
    secured = Amount()
    unsecured = Amount()
    disputed = Amount()
    department = Amount(help_text="The departments' own share.")
    label = serializers.CharField()
    credited = Amount()


class ExecutiveDepartmentRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="The department's slug.")
    secured = Amount()
    unsecured = Amount()
    disputed = Amount()
    department = Amount(help_text="The departments' own share.")


class ExecutiveInsightRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="The insight's id.")
    secured = Amount()
    unsecured = Amount()
    disputed = Amount()
    department = Amount(help_text="The departments' own share.")
    credited = Amount()
    title = serializers.CharField()


class ExecutiveTrendPointSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The month's first day.")
    label = serializers.CharField()
    secured = Amount()
    unsecured = Amount()
    disputed = Amount()
    credited = Amount()


class ExecutivePipelineSerializer(serializers.Serializer):
    insights = serializers.IntegerField(help_text="Published insights no improvement is built on yet.")
    estimated_value = Amount()


class ExecutiveValueSerializer(serializers.Serializer):
    period = ExecutiveCreditSerializer()
    year_to_date = ExecutiveCreditSerializer()
    ytd_period = ExecutiveSpanSerializer()
    by_category = ExecutiveCategoryRowSerializer(many=True)
    by_department = ExecutiveDepartmentRowSerializer(many=True)
    top_insights = ExecutiveInsightRowSerializer(many=True, help_text="The five insights credited most in the period.")
    trend = ExecutiveTrendPointSerializer(many=True, help_text="Each month of the period, oldest first.")
    improvements_shipped = serializers.IntegerField()
    pipeline = ExecutivePipelineSerializer()


class ExecutiveEarlyWarningSerializer(serializers.Serializer):
    topic = serializers.CharField()
    reason_code = serializers.CharField()
    signal = serializers.CharField()
    signal_label = serializers.CharField()
    first_flagged_at = serializers.DateTimeField()
    last_flagged_at = serializers.DateTimeField()
    windows = serializers.IntegerField(help_text="How many detection windows flagged it.")
    hours_to_insight = serializers.FloatField(allow_null=True, help_text="First flag to first insight.")
    insight_ids = serializers.ListField(child=serializers.IntegerField())
    credited = Amount()


class ExecutiveScorecardSerializer(serializers.Serializer):
    department_id = serializers.IntegerField()
    department = serializers.CharField()
    slug = serializers.CharField()
    received = serializers.IntegerField()
    signed = serializers.IntegerField()
    pinky_sworn = serializers.IntegerField()
    declined = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="Still unanswered now.")
    median_days_to_sign = serializers.FloatField(allow_null=True)
    actions = serializers.IntegerField()
    actions_overdue = serializers.IntegerField()
    actions_on_time_pct = serializers.FloatField(allow_null=True)


class ExecutiveMetricsSerializer(serializers.Serializer):
    service_level = serializers.FloatField(allow_null=True, help_text="Share answered within the target, 0-1.")
    average_speed_of_answer = serializers.FloatField(allow_null=True, help_text="Seconds.")
    abandonment = serializers.FloatField(allow_null=True, help_text="Share, 0-1.")
    handle_time = serializers.FloatField(allow_null=True, help_text="Seconds.")
    first_contact_resolution = serializers.FloatField(allow_null=True, help_text="Share, 0-1.")
    csat = serializers.FloatField(allow_null=True, help_text="Share, 0-1.")
    nps = serializers.FloatField(allow_null=True, help_text="Points, -100 to 100.")


class ExecutiveMetricMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="Oct 2026.")
    value = serializers.FloatField(allow_null=True)
    text = serializers.CharField()


class ExecutiveMetricSentenceSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    sentence = serializers.CharField()
    trend = ExecutiveMetricMonthSerializer(many=True)


class ExecutiveCompetencySerializer(serializers.Serializer):
    metrics = ExecutiveMetricsSerializer()
    sentences = ExecutiveMetricSentenceSerializer(many=True)


class ExecutivePeriodValueSerializer(serializers.Serializer):
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    value = Amount(help_text="attributed + direct: everything credited to the center in the period.")
    attributed = Amount(help_text="The center's share of other departments' improvements (= value.period.credited).")
    direct = Amount(help_text="The center's own retention saves and agent sales, credited in full.")
    retention_saves = Amount()
    agent_sales = Amount()
    cost = Amount(allow_null=True, help_text="The center's recorded cost, over costed_months only; null: none.")
    net_value = Amount(allow_null=True, help_text="Value of the costed months less their cost; null: no cost.")
    return_per_unit = Amount(allow_null=True, help_text="Value returned per 1.00 of cost; null: no cost.")
    costed_months = serializers.ListField(child=serializers.DateField(), help_text="Months with a recorded cost.")
    missing_cost_months = serializers.ListField(
        child=serializers.DateField(), help_text="Months begun with no cost recorded: never counted as free."
    )
    cost_note = serializers.CharField(help_text="Which months' cost is missing, in words; empty when none.")
    return_sentence = serializers.CharField()


class ExecutiveChangeSerializer(serializers.Serializer):
    value = Amount(allow_null=True, help_text="The figure in the earlier period.")
    direction = serializers.ChoiceField(choices=["up", "down", "same", "none"])
    arrow = serializers.CharField()
    change = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text="Relative change for amounts (0.12 = 12%), the difference itself for the return.",
    )
    text = serializers.CharField(help_text="up 12% on 2026-Q2")


class ExecutiveComparisonRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    money = serializers.BooleanField()
    current = Amount(allow_null=True)
    previous = ExecutiveChangeSerializer(help_text="Against the period before.")
    year_ago = ExecutiveChangeSerializer(allow_null=True, help_text="Against the same quarter a year earlier.")


class ExecutiveValueAgainstCostSerializer(serializers.Serializer):
    current = ExecutivePeriodValueSerializer()
    previous = ExecutivePeriodValueSerializer()
    year_ago = ExecutivePeriodValueSerializer(allow_null=True, help_text="null for a whole year.")
    rows = ExecutiveComparisonRowSerializer(many=True)


class ExecutiveDirectValueSerializer(serializers.Serializer):
    months_posted = serializers.ListField(child=serializers.DateField(), help_text="Months whose saves are counted.")
    months_not_posted = serializers.ListField(
        child=serializers.DateField(), help_text="Ended months not posted yet (posted days after each month ends)."
    )
    retention_saves = Amount(help_text="Account values of the customers kept, credited in full to the center.")
    agent_sales = Amount(help_text="Revenue agents sold on contacts, credited in full to the center.")
    asked_to_leave = serializers.IntegerField(help_text="Contacts with a leaving reason (SAVE_REASON_CODES) or marked.")
    saves = serializers.IntegerField()
    saves_without_value = serializers.IntegerField()
    handled = serializers.IntegerField(help_text="Contacts an agent handled (not abandoned).")
    sales = serializers.IntegerField(help_text="Contacts with a sale.")
    save_rate = serializers.FloatField(allow_null=True, help_text="saves / asked_to_leave, 0-1.")
    cross_sell_conversion = serializers.FloatField(allow_null=True, help_text="sales / handled, 0-1.")
    sentences = serializers.ListField(child=serializers.CharField())
    coverage = serializers.CharField(help_text="Which ended months are not counted yet; empty when none.")


class ExecutiveRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    investment = serializers.CharField(help_text="Staff, Training or Systems.")
    category = serializers.CharField()
    category_label = serializers.CharField()
    expected_value = Amount()
    currency = serializers.CharField()
    case = serializers.CharField()
    status = serializers.ChoiceField(choices=["awaiting", "approve", "decline", "more"])
    status_text = serializers.CharField(help_text="Where it stands, in words, with who answered and why.")
    open = serializers.BooleanField(help_text="Still waiting for a decision (none yet, or more was asked for).")
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class ExecutiveListenInInsightSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


class ExecutiveListenInSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guest = serializers.CharField()
    guest_is_executive = serializers.BooleanField()
    starts_at = serializers.DateTimeField()
    when = serializers.CharField(help_text="Local date and time in words: 02 Nov 2026 10:00.")
    queue = serializers.CharField()
    response = serializers.CharField()
    answer = serializers.CharField(help_text="The guest's answer in words.")
    has_notes = serializers.BooleanField()
    insights = ExecutiveListenInInsightSerializer(many=True, help_text="The insight the guest's notes became.")


class ExecutiveListenInSerializer(serializers.Serializer):
    executives_listened = serializers.IntegerField(help_text="Executives who listened in during the period.")
    sentence = serializers.CharField()
    sessions = ExecutiveListenInSessionSerializer(many=True, help_text="Sessions held (not declined), newest first.")


class ExecutiveSummarySerializer(serializers.Serializer):
    period = ExecutivePeriodSerializer()
    value = ExecutiveValueSerializer()
    early_warning = ExecutiveEarlyWarningSerializer(
        many=True, help_text="One row per emerging issue (reason and signal) flagged in the period."
    )
    partnership = ExecutiveScorecardSerializer(
        many=True,
        help_text="attribution.selectors.signoffs.department_scorecards: requests received in the period, with "
        "their answers whenever they came; pending = still open now.",
    )
    competency = ExecutiveCompetencySerializer()
    value_against_cost = ExecutiveValueAgainstCostSerializer(
        help_text="Value, cost, net value and return beside the period before and the same quarter a year earlier."
    )
    direct_value = ExecutiveDirectValueSerializer(
        help_text="The center's own saves and sales: value metrics, shown before the competency ones."
    )
    recommendations = ExecutiveRecommendationSerializer(
        many=True, help_text="The center's recommendations, those awaiting a decision first, with the latest answer."
    )
    listen_in = ExecutiveListenInSerializer(help_text="education.selectors.listen_in_summary for the period.")


class ExecutiveSummaryView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("quarter", int)],
        responses=ExecutiveSummarySerializer,
    )
    def get(self, request):
        require(request.user, Action.VIEW_EXECUTIVE)
        period = period_from_params(request.query_params, default=Period.quarter_of(timezone.localdate()))
        summary = summary_words(executive_summary(period=period))
        return Response(ExecutiveSummarySerializer(summary).data)
