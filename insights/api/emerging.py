"""Emerging issues over the API: reason codes whose volume or dissatisfaction spiked."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers

from accounts.policy import Action, allowed, require
from insights.models import Contact, EmergingIssue
from insights.selectors.emerging import (
    emerging_issue_list,
    emerging_issue_summary,
    emerging_problem_rows,
    emerging_problem_summary,
    emerging_problems,
    emerging_reasons_visible,
)


class SampleContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "channel", "started_at", "reason_code", "csat", "sentiment", "text"]


class EmergingIssueSerializer(serializers.ModelSerializer):
    summary = serializers.SerializerMethodField()
    sample_contacts = SampleContactSerializer(many=True, read_only=True)

    class Meta:
        model = EmergingIssue
        fields = [
            "id",
            "reason_code",
            "signal",
            "window_start",
            "window_end",
            "observed",
            "expected",
            "score",
            "detected_at",
            "summary",
            "sample_contacts",
        ]

    @extend_schema_field(serializers.CharField())
    def get_summary(self, issue: EmergingIssue) -> str:
        return emerging_issue_summary(issue)

    def to_representation(self, issue: EmergingIssue) -> dict:
        data = super().to_representation(issue)
        request = self.context.get("request")
        if request is not None and not allowed(request.user, Action.VIEW_CONTACTS):
            data["sample_contacts"] = []  # customers' own words stay with the center's staff
        return data


def _visible_issues(request, **filters):
    require(request.user, Action.VIEW_EMERGING_ISSUES)
    return emerging_issue_list(reason_codes=emerging_reasons_visible(user=request.user), **filters)


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("signal", str, enum=["volume", "dissatisfaction"]),
            OpenApiParameter("reason_code", str),
        ]
    )
)
class EmergingIssueListView(generics.ListAPIView):
    """Emerging issues, one row per flagged window, most recent first. Filter with ?signal=…&reason_code=…
    Center staff and executives read every reason, department people the reasons routed to their department;
    sample contacts are listed for the center's staff only. /api/emerging-issues/problems/ groups the windows."""

    serializer_class = EmergingIssueSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()
        params = self.request.query_params
        return _visible_issues(
            self.request, signal=params.get("signal") or None, reason_code=params.get("reason_code") or None
        )


class EmergingIssueDetailView(generics.RetrieveAPIView):
    """One emerging issue with its sample contacts."""

    serializer_class = EmergingIssueSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()
        return _visible_issues(self.request)


class FlaggedWindowSerializer(serializers.Serializer):
    issue_id = serializers.IntegerField()
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()
    observed = serializers.DecimalField(max_digits=12, decimal_places=3)
    expected = serializers.DecimalField(max_digits=12, decimal_places=3)
    score = serializers.DecimalField(max_digits=10, decimal_places=3)


class EmergingProblemSerializer(serializers.Serializer):
    reason_code = serializers.CharField()
    signal = serializers.CharField()
    signal_label = serializers.CharField()
    first_window_start = serializers.DateTimeField()
    last_window_end = serializers.DateTimeField()
    first_detected_at = serializers.DateTimeField()
    last_detected_at = serializers.DateTimeField()
    window_count = serializers.IntegerField()
    peak_score = serializers.DecimalField(max_digits=10, decimal_places=3)
    latest_issue_id = serializers.IntegerField()
    summary = serializers.SerializerMethodField()
    windows = FlaggedWindowSerializer(many=True, help_text="The latest flagged windows, oldest first.")

    @extend_schema_field(serializers.CharField())
    def get_summary(self, problem) -> str:
        return emerging_problem_summary(problem)


@extend_schema_view(
    get=extend_schema(parameters=[OpenApiParameter("signal", str), OpenApiParameter("reason_code", str)])
)
class EmergingProblemListView(generics.ListAPIView):
    """Emerging issues grouped: one entry per problem (a reason code and a signal), the most recently flagged
    first, with its latest flagged windows. Readable as the per-window list is."""

    serializer_class = EmergingProblemSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EmergingIssue.objects.none()
        require(self.request.user, Action.VIEW_EMERGING_ISSUES)
        params = self.request.query_params
        reasons = emerging_reasons_visible(user=self.request.user)
        rows = emerging_problem_rows(signal=params.get("signal") or None, reason_codes=reasons)
        return rows.filter(reason_code=params["reason_code"]) if params.get("reason_code") else rows

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(emerging_problems(page), many=True).data)
