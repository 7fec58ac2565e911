"""The insight API: list and search, drafts, publish, withdraw, revisions; and the contact evidence picker."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from core.api import Pagination
from insights.api.insights_serializers import (
    ContactEvidenceSerializer,
    EmergingIssueDraftInputSerializer,
    InsightDetailSerializer,
    InsightListSerializer,
    InsightWriteSerializer,
    PublishResultSerializer,
    RevisionDetailSerializer,
    WithdrawInputSerializer,
)
from insights.models import Channel, EmergingIssue
from insights.selectors.insights import (
    ORDERINGS,
    contact_evidence_list,
    insight_get,
    insight_list,
    insight_page_departments,
    insight_revision_list,
    query_moment,
    reads_drafts,
)
from insights.services.insights import (
    insight_create,
    insight_draft_from_emerging_issue,
    insight_publish,
    insight_update,
    insight_withdraw,
)


def _detail(request, insight_id: int) -> Response:
    insight = insight_get(user=request.user, insight_id=insight_id)
    return Response(InsightDetailSerializer(insight, context={"drafts": reads_drafts(request.user)}).data)


class ContactEvidenceListView(APIView):
    """Contacts to link as evidence (center staff), newest first, filtered by reason code, channel and time."""

    # Declared so the schema documents the paginated envelope these lists answer with.
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("reason_code", str),
            OpenApiParameter("channel", str, enum=Channel.values),
            OpenApiParameter("start", str, description="ISO date or date-time, inclusive"),
            OpenApiParameter("end", str, description="ISO date-time, exclusive; a bare date includes that day"),
        ],
        responses=ContactEvidenceSerializer(many=True),
    )
    def get(self, request):
        require(request.user, Action.VIEW_CONTACTS)
        channel = request.query_params.get("channel") or None
        if channel and channel not in Channel.values:
            raise ValidationError({"channel": [f"Choose one of: {', '.join(Channel.values)}."]})
        contacts = contact_evidence_list(
            reason_code=request.query_params.get("reason_code") or None,
            channel=channel,
            start=query_moment(request.query_params.get("start"), "start"),
            end=query_moment(request.query_params.get("end"), "end", end=True),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(contacts, request, view=self)
        return paginator.get_paginated_response(ContactEvidenceSerializer(page, many=True).data)


class InsightListCreateView(APIView):
    """Insights the caller may see (filter, search, order), and drafting a new one."""

    # Declared so the schema documents the paginated envelope these lists answer with.
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["draft", "published", "withdrawn"]),
            OpenApiParameter("department", str, description="Department slug"),
            OpenApiParameter("category", str),
            OpenApiParameter("q", str, description="Full-text search in title and summary"),
            OpenApiParameter("ordering", str, enum=list(ORDERINGS)),
        ],
        responses=InsightListSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        insights = insight_list(
            user=request.user,
            status=params.get("status") or None,
            department=params.get("department") or None,
            category=params.get("category") or None,
            q=params.get("q") or None,
            ordering=params.get("ordering") or None,
        )
        paginator = Pagination()
        context = {"drafts": reads_drafts(request.user)}
        page = insight_page_departments(
            insights=paginator.paginate_queryset(insights, request, view=self), drafts=context["drafts"]
        )
        return paginator.get_paginated_response(InsightListSerializer(page, many=True, context=context).data)

    @extend_schema(request=InsightWriteSerializer, responses={201: InsightDetailSerializer})
    def post(self, request):
        require(request.user, Action.DRAFT_INSIGHT)
        serializer = InsightWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        insight = insight_create(author=request.user, **serializer.validated_data)
        response = _detail(request, insight.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class InsightDetailView(APIView):
    """One insight: the working copy for center staff, the published revision for everyone else."""

    @extend_schema(responses=InsightDetailSerializer)
    def get(self, request, insight_id: int):
        return _detail(request, insight_id)

    @extend_schema(request=InsightWriteSerializer, responses=InsightDetailSerializer)
    def patch(self, request, insight_id: int):
        insight = insight_get(user=request.user, insight_id=insight_id)
        require(request.user, Action.DRAFT_INSIGHT)
        serializer = InsightWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k in request.data}
        insight_update(insight=insight, editor=request.user, **changes)
        return _detail(request, insight_id)


class InsightPublishView(APIView):
    """Publish (lead only): freezes revision n+1 and notifies the routed departments."""

    @extend_schema(request=None, responses=PublishResultSerializer)
    def post(self, request, insight_id: int):
        insight = insight_get(user=request.user, insight_id=insight_id)
        revision = insight_publish(insight=insight, publisher=request.user)
        return Response(
            {
                "revision": revision.number,
                "revision_id": revision.pk,
                "content_hash": revision.content_hash,
                "published_at": revision.published_at,
            }
        )


class InsightWithdrawView(APIView):
    """Withdraw a published insight (lead only)."""

    @extend_schema(request=WithdrawInputSerializer, responses=InsightDetailSerializer)
    def post(self, request, insight_id: int):
        insight = insight_get(user=request.user, insight_id=insight_id)
        serializer = WithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        insight_withdraw(insight=insight, lead=request.user, reason=serializer.validated_data["reason"])
        return _detail(request, insight_id)


class InsightRevisionListView(APIView):
    """The frozen revisions of an insight, newest first, with their canonical JSON and hash."""

    @extend_schema(responses=RevisionDetailSerializer(many=True))
    def get(self, request, insight_id: int):
        revisions = insight_revision_list(user=request.user, insight_id=insight_id)
        return Response(RevisionDetailSerializer(revisions, many=True).data)


class InsightFromEmergingIssueView(APIView):
    """Draft an insight from an emerging issue: title, evidence and statistics pre-filled."""

    @extend_schema(request=EmergingIssueDraftInputSerializer, responses={201: InsightDetailSerializer})
    def post(self, request):
        require(request.user, Action.DRAFT_INSIGHT)
        serializer = EmergingIssueDraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issue = get_object_or_404(EmergingIssue, pk=serializer.validated_data["emerging_issue"])
        insight = insight_draft_from_emerging_issue(issue=issue, author=request.user)
        response = _detail(request, insight.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


__all__ = [
    "ContactEvidenceListView",
    "InsightDetailView",
    "InsightFromEmergingIssueView",
    "InsightListCreateView",
    "InsightPublishView",
    "InsightRevisionListView",
    "InsightWithdrawView",
]
