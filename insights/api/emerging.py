"""Emerging issues over the API: reason codes whose volume or dissatisfaction spiked."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers

from accounts.policy import Action, require
from insights.models import Contact, EmergingIssue
from insights.selectors.emerging import emerging_issue_list, emerging_issue_summary


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


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("signal", str, enum=["volume", "dissatisfaction"]),
            OpenApiParameter("reason_code", str),
        ]
    )
)
class EmergingIssueListView(generics.ListAPIView):
    """Emerging issues, most recent window first. Filter with ?signal=volume|dissatisfaction&reason_code=…"""

    serializer_class = EmergingIssueSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()
        require(self.request.user, Action.VIEW_CONTACTS)
        params = self.request.query_params
        return emerging_issue_list(signal=params.get("signal") or None, reason_code=params.get("reason_code") or None)


class EmergingIssueDetailView(generics.RetrieveAPIView):
    """One emerging issue with its sample contacts."""

    serializer_class = EmergingIssueSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()
        require(self.request.user, Action.VIEW_CONTACTS)
        return emerging_issue_list()
