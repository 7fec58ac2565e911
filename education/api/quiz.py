"""Quiz games over HTTP; every rule lives in education.services."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.policy import Action, require
from education import selectors, services
from education.models import QuizGame, QuizQuestion

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


class LeaderboardParameters(serializers.Serializer):
    quarter = serializers.CharField(required=False, help_text='"2025-Q3"; default: this quarter.')


# --- views ----------------------------------------------------------------------------------


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
