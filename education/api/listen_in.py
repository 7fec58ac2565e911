"""Listen-in sessions over HTTP; every rule lives in education.services."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.policy import Action, require
from education import selectors, services
from education.models import ListenInSession

# --- serializers ----------------------------------------------------------------------------


class ListenInSerializer(serializers.ModelSerializer):
    guest = serializers.StringRelatedField()
    ends_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = ListenInSession
        fields = [
            "id",
            "guest",
            "guest_id",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "queue",
            "response",
            "notes",
            "notes_recorded_at",
            "insight_id",
        ]
        read_only_fields = fields


class ListenInScheduleSerializer(serializers.Serializer):
    guest_id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    queue = serializers.CharField(max_length=80)


class ListenInRespondSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["accept", "decline"])


class ListenInNotesSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=20000)


class DraftInsightSerializer(serializers.Serializer):
    insight_id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    evidence_count = serializers.IntegerField()


class ListenInSummarySerializer(serializers.Serializer):
    executives_listened = serializers.IntegerField()
    sessions = serializers.ListField(child=serializers.DictField())


class SummaryParameters(serializers.Serializer):
    start = serializers.DateTimeField(required=False, help_text="Default: the start of this quarter.")
    end = serializers.DateTimeField(required=False, help_text="Default: the end of this quarter.")


# --- views ----------------------------------------------------------------------------------


class ListenInListView(ListAPIView):
    """Listen-in sessions: all of them for center staff and executives, one's own for guests; leads POST to schedule."""

    serializer_class = ListenInSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ListenInSession.objects.none()
        return selectors.listen_in_sessions_for(user=self.request.user)

    @extend_schema(request=ListenInScheduleSerializer, responses={201: ListenInSerializer})
    def post(self, request):
        data = ListenInScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = data.validated_data
        guest = User.objects.filter(pk=params["guest_id"]).first()
        if guest is None:
            raise serializers.ValidationError({"guest_id": ["No such person."]})
        session = services.listen_in_schedule(
            scheduled_by=request.user,
            guest=guest,
            starts_at=params["starts_at"],
            duration_minutes=params["duration_minutes"],
            queue=params["queue"],
        )
        return Response(ListenInSerializer(session).data, status=status.HTTP_201_CREATED)


def _session_for(request, pk: int) -> ListenInSession:
    return get_object_or_404(selectors.listen_in_sessions_for(user=request.user), pk=pk)


class ListenInRespondView(APIView):
    """The guest accepts or declines the invitation."""

    @extend_schema(request=ListenInRespondSerializer, responses=ListenInSerializer)
    def post(self, request, pk: int):
        session = _session_for(request, pk)
        data = ListenInRespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.listen_in_respond(
            session=session, accept=data.validated_data["answer"] == "accept", user=request.user
        )
        return Response(ListenInSerializer(session).data)


class ListenInNotesView(APIView):
    """The guest records what they heard."""

    @extend_schema(request=ListenInNotesSerializer, responses=ListenInSerializer)
    def post(self, request, pk: int):
        session = _session_for(request, pk)
        data = ListenInNotesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.listen_in_notes_record(
            session=session, user=request.user, notes=data.validated_data["notes"]
        )
        return Response(ListenInSerializer(session).data)


class ListenInDraftInsightView(APIView):
    """Turn the notes into a draft insight whose evidence is the queue's contacts during the session."""

    @extend_schema(request=None, responses={201: DraftInsightSerializer})
    def post(self, request, pk: int):
        session = _session_for(request, pk)
        insight = services.listen_in_insight_draft(session=session, user=request.user)
        return Response(
            {
                "insight_id": insight.pk,
                "title": insight.title,
                "status": insight.status,
                "evidence_count": insight.evidence.count(),
            },
            status=status.HTTP_201_CREATED,
        )


class ListenInSummaryView(APIView):
    """How many executives listened in over a period (default: this quarter), and what each session produced."""

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
        responses=ListenInSummarySerializer,
    )
    def get(self, request):
        require(request.user, Action.VIEW_EXECUTIVE)
        data = SummaryParameters(data=request.query_params)
        data.is_valid(raise_exception=True)
        start, end, _ = selectors.quarter_bounds(timezone.localdate())
        start = data.validated_data.get("start", start)
        end = data.validated_data.get("end", end)
        if end <= start:
            raise serializers.ValidationError({"end": ["Must be after start."]})
        return Response(selectors.listen_in_summary(start=start, end=end))
