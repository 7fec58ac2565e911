"""accounts.signals: a changed password ends every API token the user holds."""

from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.services import api_token_create


def _works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/me/").status_code == 200


def test_a_password_change_revokes_all_the_users_tokens(org):
    _, first = api_token_create(user=org.lead)
    _, second = api_token_create(user=org.lead)
    org.lead.set_password("a-new-password-9")
    org.lead.save()
    assert not _works(first) and not _works(second)
    assert not AuthToken.objects.filter(user=org.lead).exists()


def test_a_password_change_leaves_other_users_tokens(org):
    _, other = api_token_create(user=org.analyst)
    api_token_create(user=org.lead)
    org.lead.set_password("a-new-password-9")
    org.lead.save(update_fields=["password"])
    assert _works(other)


def test_saving_a_user_without_changing_the_password_keeps_their_tokens(org):
    _, key = api_token_create(user=org.lead)
    org.lead.full_name = "Renamed Lead"
    org.lead.save()
    org.lead.save(update_fields=["full_name"])
    assert _works(key)
