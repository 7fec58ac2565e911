"""Who signs: the typed name is the account's name, and the sign-in is recent or the password is typed again."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from attribution.models import SignoffRecord
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import (
    signoff_chain_verify,
    signoff_record_payload,
    signoff_requests_open_for_event,
    signoff_sign,
)
from tests.accounts.factories import TEST_PASSWORD
from tests.attribution.factories import SignoffRecordFactory
from tests.attribution.factories import revision_published as publish


@pytest.fixture
def signer(org):
    org.marketing_signatory.full_name = "Mara Keting"
    org.marketing_signatory.save(update_fields=["full_name"])
    return org.marketing_signatory


@pytest.fixture
def req(org):
    _, event = publish(org, org.marketing)
    return signoff_requests_open_for_event(event=event)[0]


def _sign(signer, req, **kw):
    args = {
        "user": signer,
        "request_id": req.pk,
        "typed_name": "Mara Keting",
        "consent": True,
        "content_hash": req.revision.content_hash,
        "terms_hash": credit_agreement_for_signing(department=req.department).terms_hash,
        "authenticated_at": timezone.now(),
    }
    return signoff_sign(**{**args, **kw})


def _stale():
    return timezone.now() - timedelta(minutes=16)


def test_a_typed_name_other_than_the_account_name_is_refused_showing_the_expected_name(signer, req):
    with pytest.raises(ValidationError) as exc:
        _sign(signer, req, typed_name="Someone Else")
    assert exc.value.message_dict["typed_name"] == ["Type your name as it appears on your account: Mara Keting"]
    assert SignoffRecord.objects.count() == 0


@pytest.mark.parametrize("typed", ["mara keting", "  MARA   Keting ", "Mara\tKeting"])
def test_the_account_name_in_another_case_or_spacing_signs(signer, req, typed):
    record = _sign(signer, req, typed_name=typed)
    assert record.kind == SignoffRecord.Kind.SIGNATURE and record.typed_name == typed.strip()


def test_the_account_name_in_full_width_letters_signs(signer, req):
    record = _sign(signer, req, typed_name="Ｍａｒａ　Ｋｅｔｉｎｇ")  # NFKC folds full-width letters and space
    assert record.kind == SignoffRecord.Kind.SIGNATURE


def test_a_recent_sign_in_signs_as_recent_login(signer, req):
    record = _sign(signer, req, authenticated_at=timezone.now() - timedelta(minutes=14))
    assert record.authentication == SignoffRecord.Authentication.RECENT_LOGIN


@pytest.mark.parametrize("authenticated_at", [None, "stale"])
def test_an_old_or_unknown_sign_in_without_the_password_is_refused(signer, req, authenticated_at):
    when = _stale() if authenticated_at == "stale" else None
    with pytest.raises(ValidationError) as exc:
        _sign(signer, req, authenticated_at=when)
    assert exc.value.message_dict["password"] == [
        "Re-enter your password to sign: you signed in more than 15 minutes ago"
    ]
    assert SignoffRecord.objects.count() == 0


def test_an_old_sign_in_with_the_password_signs_as_password_reentered(signer, req):
    record = _sign(signer, req, authenticated_at=_stale(), password=TEST_PASSWORD)
    assert record.authentication == SignoffRecord.Authentication.PASSWORD_REENTERED


def test_a_wrong_password_is_refused_naming_password(signer, req):
    with pytest.raises(ValidationError) as exc:
        _sign(signer, req, authenticated_at=timezone.now(), password="not-the-password")
    assert "password" in exc.value.message_dict
    assert SignoffRecord.objects.count() == 0


def test_the_window_follows_the_setting(signer, req, settings):
    settings.SIGNING_REAUTH_MINUTES = 5
    with pytest.raises(ValidationError) as exc:
        _sign(signer, req, authenticated_at=timezone.now() - timedelta(minutes=6))
    assert "more than 5 minutes ago" in exc.value.message_dict["password"][0]


def test_the_authentication_method_is_hashed_and_records_without_it_keep_their_hashes(signer, req, org):
    signed = _sign(signer, req)
    _, event = publish(org, org.sales)
    declined = SignoffRecordFactory(request=signoff_requests_open_for_event(event=event)[0], kind="decline")
    assert signoff_record_payload(signed)["authentication"] == "recent-login"
    assert "authentication" not in signoff_record_payload(declined)  # as every record before the field existed
    verified = signoff_chain_verify()
    assert (verified["ok"], verified["records"]) == (True, 2)
