"""`core.pages`: a service's refusal on a page lands on the form by its field, or ends as the site's 403 / 404."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from attribution.services.signoffs import signoff_requests_open_for_event
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.pages import PageErrors, bad_request_page, service_errors
from tests.attribution.factories import revision_published as publish


class ShareForm(forms.Form):
    service_labels = {"terms_hash": "Terms you read"}

    share = forms.CharField(label="Center share", required=False)


def _form() -> ShareForm:
    form = ShareForm({"share": "2"})
    assert form.is_valid()
    return form


def test_validation_error_dict_lands_next_to_the_field_the_form_has():
    with service_errors(form := _form()):
        raise ValidationError({"share": ["The share must be greater than 0 and at most 1."]})
    assert form.errors == {"share": ["The share must be greater than 0 and at most 1."]}


def test_validation_error_for_a_field_not_on_the_form_goes_on_top_as_a_sentence_without_the_raw_name():
    with service_errors(form := _form()):
        raise ValidationError({"content_hash": ["the insight or terms changed since you read them"]})
    assert form.non_field_errors() == ["The insight or terms changed since you read them"]


def test_a_field_the_form_names_in_service_labels_is_shown_by_that_name():
    with service_errors(form := _form()):
        raise ValidationError({"terms_hash": ["They changed."]})
    assert form.non_field_errors() == ["Terms you read: They changed."]


def test_validation_error_list_goes_on_top_of_the_form():
    with service_errors(form := _form()):
        raise ValidationError(["First problem.", "Second problem."])
    assert form.non_field_errors() == ["First problem.", "Second problem."]
    assert "share" not in form.errors


def test_domain_error_with_a_field_on_the_form_lands_next_to_it():
    with service_errors(form := _form()):
        raise DomainError("Too generous.", field="share")
    assert form.errors["share"] == ["Too generous."]


def test_domain_error_with_a_field_not_on_the_form_or_none_goes_on_top():
    with service_errors(form := _form()):
        raise Conflict("Already recorded with other figures.", field="idempotency_key")
    with service_errors(form):
        raise DomainError("The period is closed.")
    assert form.non_field_errors() == ["Already recorded with other figures.", "The period is closed."]


def test_page_errors_collects_messages_for_a_page_without_a_django_form():
    page = PageErrors(service_labels={"share": "Center share"})
    with service_errors(page):
        raise ValidationError({"share": ["Enter a number between 0 and 1."], "request": ["Already answered."]})
    assert page.messages == ["Center share: Enter a number between 0 and 1.", "Already answered."]


def test_permission_denied_is_left_to_django():
    with pytest.raises(PermissionDenied), service_errors(_form()):
        raise PermissionDenied("You are not allowed to sign for Marketing.")


def test_forbidden_becomes_permission_denied_and_not_found_http_404():
    with pytest.raises(PermissionDenied, match="not yours"), service_errors(_form()):
        raise Forbidden("This department is not yours.")
    with pytest.raises(Http404, match="No such action"), service_errors(_form()):
        raise NotFound("No such action.")


def test_bad_request_page_is_the_site_page_with_the_reason(org):
    request = RequestFactory().get("/exec/?year=1")
    request.user = org.executive
    response = bad_request_page(request, ValidationError({"year": ["Give a year from 2000 to 2100, e.g. 2026."]}))
    assert response.status_code == 400
    assert "Give a year from 2000 to 2100, e.g. 2026." in response.content.decode()


def test_refused_permission_on_a_page_answers_403_saying_why(org):
    _, event = publish(org, org.marketing)
    (request,) = signoff_requests_open_for_event(event=event)
    client = Client()
    client.force_login(org.marketing_member)
    response = client.post(reverse("signoff-sign", args=[request.pk]), {"typed_name": "Mo", "consent": "on"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "You are not allowed to sign for Marketing." in page
    assert 'href="/"' in page and "Center Stage" in page  # the site's page, with a way home


def test_a_bad_period_on_the_dashboard_answers_the_site_400_page(org):
    client = Client()
    client.force_login(org.executive)
    response = client.get("/exec/?year=1")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "Give a year from 2000 to 2999" in response.content.decode()


def _confirm_request(org, data: dict):
    request = RequestFactory().post("/somewhere/", data)
    request.user = org.lead
    return request


@pytest.mark.django_db
def test_confirmation_page_says_what_happens_and_reposts_every_value_with_the_flag(org):
    from core.pages import Confirmation, confirmation_page, posted_fields

    request = _confirm_request(org, {"reason": "Not <ours>", "tag": ["a", "b"], "csrfmiddlewaretoken": "x"})
    page = confirmation_page(
        request,
        Confirmation(
            heading="Decline",
            consequences=["This e-mails 4 people and freezes revision 2."],
            action="/somewhere/",
            cancel_url="/back/",
            fields=posted_fields(request),
        ),
    )
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert "This e-mails 4 people and freezes revision 2." in html
    assert '<input type="hidden" name="reason" value="Not &lt;ours&gt;">' in html
    assert html.count('name="tag"') == 2 and 'value="x"' not in html
    assert '<input type="hidden" name="confirmed" value="yes">' in html


def test_only_the_post_from_the_confirmation_page_counts_as_confirmed():
    from core.pages import is_confirmed

    factory = RequestFactory()
    assert not is_confirmed(factory.post("/x/", {"reason": "r"}))
    assert not is_confirmed(factory.get("/x/", {"confirmed": "yes"}))
    assert is_confirmed(factory.post("/x/", {"reason": "r", "confirmed": "yes"}))
