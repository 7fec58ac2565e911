"""education.api.quiz: quiz games over HTTP."""

from education.models import QuizAnswer
from tests.education.education_support import start_game


def test_a_quiz_over_the_api_refuses_a_second_answer_with_409(org, api_as):
    game = start_game(org)
    client = api_as(org.executive)
    question = client.post(f"/api/quiz/games/{game.pk}/next-question/").json()["question"]
    assert set(question) == {"id", "position", "prompt", "choices"}  # the right answer is not revealed
    first = client.post(f"/api/quiz/questions/{question['id']}/answer/", {"choice": 0}, format="json")
    assert first.status_code == 201
    again = client.post(
        f"/api/quiz/questions/{question['id']}/answer/", {"choice": first.json()["correct_choice"]}, format="json"
    )
    assert again.status_code == 409 and "choice" in again.json()
    assert QuizAnswer.objects.count() == 1


def test_a_lead_starts_a_game_for_a_group_over_the_api(org, api_as):
    response = api_as(org.lead).post(
        "/api/quiz/games/",
        {"title": "Board day", "groups": ["executives", f"department:{org.marketing.pk}"], "question_count": 3},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["question_count"] == 3 and response.json()["player_count"] == 3
    games = api_as(org.marketing_signatory).get("/api/quiz/games/").json()
    assert [g["title"] for g in games["results"]] == ["Board day"]
    assert api_as(org.sales_member).get("/api/quiz/games/").json()["results"] == []
    assert api_as(org.executive).post("/api/quiz/games/", {"title": "x"}, format="json").status_code == 403


def test_game_list_query_count_is_constant(org, api_as, django_assert_max_num_queries):
    for _ in range(4):
        start_game(org)
    client = api_as(org.executive)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/quiz/games/").json()["results"]) == 4


def test_leaderboard_endpoint(org, api_as):
    game = start_game(org, count=1)
    client = api_as(org.executive)
    question = client.post(f"/api/quiz/games/{game.pk}/next-question/").json()["question"]
    client.post(f"/api/quiz/questions/{question['id']}/answer/", {"choice": 1}, format="json")
    body = client.get("/api/quiz/leaderboard/").json()
    assert [r["player_id"] for r in body["rows"]] == [org.executive.pk]
    assert client.get("/api/quiz/leaderboard/", {"quarter": "soon"}).status_code == 400
