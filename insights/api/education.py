"""Quiz games and listen-in sessions over HTTP; every rule lives in insights.services.education."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.policy import Action, require
from insights.models import ListenInSession, QuizGame, QuizQuestion
from insights.selectors import education as selectors
from insights.services import education as services

# --- serializers ----------------------------------------------------------------------------


class QuizGameSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)
    player_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = QuizGame
        fields = ["id", "title", "group_label", "created_at", "question_count", "player_count"]


class QuizGameCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    question_count = serializers.IntegerField(default=5)
    groups = serializers.ListField(
        child=serializers.CharField(), default=list, help_text='"executives" and/or "department:<id>".'
    )
    player_ids = serializers.ListField(child=serializers.IntegerField(), default=list)


class QuizQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuizQuestion
        fields = ["id", "position", "prompt", "choices"]


class NextQuestionSerializer(serializers.Serializer):
    question = QuizQuestionSerializer(allow_null=True, help_text="Null when every question is answered.")
    question_count = serializers.IntegerField()


class AnswerRequestSerializer(serializers.Serializer):
    choice = serializers.IntegerField(help_text="Index of the chosen answer, from 0.")


class AnswerResultSerializer(serializers.Serializer):
    is_correct = serializers.BooleanField()
    correct_choice = serializers.IntegerField()
    explanation = serializers.CharField()
    points = serializers.IntegerField()
    seconds_taken = serializers.DecimalField(max_digits=8, decimal_places=2)


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    player_id = serializers.IntegerField()
    name = serializers.CharField()
    points = serializers.IntegerField()
    correct = serializers.IntegerField()
    answered = serializers.IntegerField()
    seconds = serializers.FloatField()


class LeaderboardSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    rows = LeaderboardRowSerializer(many=True)


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


class LeaderboardParameters(serializers.Serializer):
    quarter = serializers.CharField(required=False, help_text='"2025-Q3"; default: this quarter.')


# --- views ----------------------------------------------------------------------------------


class QuizGameListView(ListAPIView):
    """Games the signed-in person plays in (leads see every game); leads start new ones with POST."""

    serializer_class = QuizGameSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuizGame.objects.none()
        require(self.request.user, Action.PLAY_GAME)
        return selectors.quiz_games_for(user=self.request.user)

    @extend_schema(request=QuizGameCreateSerializer, responses={201: QuizGameSerializer})
    def post(self, request):
        data = QuizGameCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = data.validated_data
        players = {u.pk: u for u in selectors.quiz_group_members(groups=params["groups"])}
        players.update({u.pk: u for u in User.objects.filter(pk__in=params["player_ids"], is_active=True)})
        game = services.quiz_game_start(
            started_by=request.user,
            title=params["title"],
            players=list(players.values()),
            question_count=params["question_count"],
            figures=selectors.recent_center_figures(),
            group_label=", ".join(params["groups"]),
        )
        game = selectors.quiz_games_for(user=request.user).get(pk=game.pk)
        return Response(QuizGameSerializer(game).data, status=status.HTTP_201_CREATED)


class QuizNextQuestionView(APIView):
    """Show the player's next unanswered question; its answer clock starts the first time it is shown."""

    @extend_schema(request=None, responses=NextQuestionSerializer)
    def post(self, request, pk: int):
        game = get_object_or_404(QuizGame, pk=pk)
        question = services.quiz_question_next(game=game, player=request.user)
        return Response(
            {
                "question": QuizQuestionSerializer(question).data if question else None,
                "question_count": game.questions.count(),
            }
        )


class QuizAnswerView(APIView):
    """Answer a question. Final: a second answer to the same question is refused with 409."""

    @extend_schema(request=AnswerRequestSerializer, responses={201: AnswerResultSerializer})
    def post(self, request, pk: int):
        question = get_object_or_404(QuizQuestion.objects.select_related("game"), pk=pk)
        data = AnswerRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.quiz_answer_submit(
            question=question, player=request.user, choice=data.validated_data["choice"]
        )
        return Response(
            {
                "is_correct": answer.is_correct,
                "correct_choice": question.correct_choice,
                "explanation": question.explanation,
                "points": answer.points,
                "seconds_taken": answer.seconds_taken,
            },
            status=status.HTTP_201_CREATED,
        )


class QuizLeaderboardView(APIView):
    """Players ranked by points over the games started in one quarter."""

    @extend_schema(parameters=[LeaderboardParameters], responses=LeaderboardSerializer)
    def get(self, request):
        require(request.user, Action.PLAY_GAME)
        label = request.query_params.get("quarter")
        try:
            start, end, label = (
                selectors.parse_quarter(label) if label else selectors.quarter_bounds(timezone.localdate())
            )
        except ValueError:
            raise serializers.ValidationError({"quarter": ['Write a quarter as "2025-Q3".']}) from None
        rows = selectors.quiz_leaderboard(start=start, end=end)
        return Response({"quarter": label, "rows": LeaderboardRowSerializer(rows, many=True).data})


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
