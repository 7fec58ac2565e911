"""Quiz pages: the games someone plays, starting one, playing it on any screen, the leaderboards."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.policy import Action, allowed, require
from core.pages import PageErrors, bad_request_page, service_errors
from education import selectors, services
from education.models import QuizAnswer, QuizGame, QuizQuestion

CHOOSE_AN_ANSWER = "Choose one of the answers."


class QuizGameForm(forms.Form):
    title = forms.CharField(max_length=200, initial="How a contact center works")
    groups = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Play with")
    question_count = forms.IntegerField(min_value=1, max_value=services.MAX_QUESTIONS, initial=5, label="Questions")

    # The service judges the people the groups hold; the page asks for the groups.
    service_labels = {"players": "Play with"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = selectors.quiz_groups()


class QuizAnswerForm(forms.Form):
    """One answer as posted: a question of this game and the index of a choice."""

    question = forms.ModelChoiceField(queryset=QuizQuestion.objects.none())
    choice = forms.IntegerField(min_value=0, error_messages={"required": CHOOSE_AN_ANSWER, "invalid": CHOOSE_AN_ANSWER})

    def __init__(self, *args, game: QuizGame, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = game.questions.all()


@login_required
def quiz_home(request):
    """The games someone plays in, their progress, and this quarter's leaderboard."""
    require(request.user, Action.PLAY_GAME)
    games = list(selectors.quiz_games_for(user=request.user)[:50])
    answered = selectors.quiz_answered_counts(user=request.user, game_ids=[g.pk for g in games])
    playing = set(request.user.quiz_games.filter(pk__in=[g.pk for g in games]).values_list("pk", flat=True))
    for game in games:
        game.answered = answered.get(game.pk, 0)
        game.is_player = game.pk in playing
    start, end, label = selectors.quarter_bounds(timezone.localdate())
    return render(
        request,
        "education/quiz_home.html",
        {
            "games": games,
            "leaderboard": selectors.quiz_leaderboard(start=start, end=end)[:10],
            "quarter": label,
            "can_run": allowed(request.user, Action.RUN_GAME),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz_game_new(request):
    """A lead starts a game for a group; its questions come from the center's own recent figures."""
    require(request.user, Action.RUN_GAME)
    form = QuizGameForm(request.POST or None)
    figures = selectors.recent_center_figures()
    if request.method == "POST" and form.is_valid():
        groups = form.cleaned_data["groups"]
        labels = dict(selectors.quiz_groups())
        with service_errors(form):
            game = services.quiz_game_start(
                started_by=request.user,
                title=form.cleaned_data["title"],
                players=selectors.quiz_group_members(groups=groups),
                question_count=form.cleaned_data["question_count"],
                figures=figures,
                group_label=", ".join(labels[g] for g in groups),
            )
            messages.success(request, f"“{game.title}” is ready for {game.players.count()} players.")
            return redirect("quiz")
    return render(
        request, "education/quiz_new.html", {"form": form, "figures": figures}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz_play(request, pk: int):
    """Play a game on any screen: one question at a time; answering shows the explanation."""
    game = get_object_or_404(QuizGame, pk=pk)
    if request.method == "POST":
        return _quiz_answer(request, game)
    is_player = game.players.filter(pk=request.user.pk).exists()
    if not is_player and allowed(request.user, Action.RUN_GAME):
        # The lead who runs the game watches its scores rather than playing it.
        question = None
    else:
        question = services.quiz_question_next(game=game, player=request.user)
    total = game.questions.count()
    if question is None:
        return render(
            request,
            "education/quiz_done.html",
            {
                "game": game,
                "answers": QuizAnswer.objects.filter(attempt__game=game, attempt__player=request.user).select_related(
                    "question"
                ),
                "rows": selectors.quiz_leaderboard(start=game.created_at, end=timezone.now(), game=game),
                "is_player": is_player,
            },
        )
    return render(
        request,
        "education/quiz_question.html",
        {"game": game, "question": question, "total": total, "choices": list(enumerate(question.choices))},
    )


def _quiz_answer(request, game: QuizGame):
    """Record a posted answer and show it; a refusal is told on the question (or on the answer already given)."""
    form = QuizAnswerForm(request.POST, game=game)
    if not form.is_valid():
        if "question" in form.errors:
            raise Http404("No such question in this game.")
        messages.error(request, CHOOSE_AN_ANSWER)
        return redirect("quiz-play", pk=game.pk)
    question = form.cleaned_data["question"]
    refusal = PageErrors()
    with service_errors(refusal):
        services.quiz_answer_submit(question=question, player=request.user, choice=form.cleaned_data["choice"])
    for problem in refusal.messages:
        messages.error(request, problem)
    # Answers are final: a refused second answer shows the first one.
    if QuizAnswer.objects.filter(question=question, attempt__player=request.user).exists():
        return redirect("quiz-answered", pk=game.pk, question_id=question.pk)
    return redirect("quiz-play", pk=game.pk)


@login_required
def quiz_answered(request, pk: int, question_id: int):
    """The player's answer to one question, the right one, and why."""
    game = get_object_or_404(QuizGame, pk=pk)
    answer = get_object_or_404(
        QuizAnswer.objects.select_related("question"),
        attempt__game=game,
        attempt__player=request.user,
        question_id=question_id,
    )
    question = answer.question
    return render(
        request,
        "education/quiz_answered.html",
        {
            "game": game,
            "answer": answer,
            "question": question,
            "choices": list(enumerate(question.choices)),
            "remaining": game.questions.exclude(answers__attempt=answer.attempt).exists(),
        },
    )


@login_required
def quiz_leaderboard(request):
    """A quarter's leaderboard."""
    require(request.user, Action.PLAY_GAME)
    label = request.GET.get("quarter")
    try:
        start, end, label = selectors.parse_quarter(label) if label else selectors.quarter_bounds(timezone.localdate())
    except ValueError:
        return bad_request_page(request, ValidationError({"quarter": ['Write a quarter as "2025-Q3".']}))
    return render(
        request,
        "education/quiz_leaderboard.html",
        {"rows": selectors.quiz_leaderboard(start=start, end=end), "quarter": label},
    )
