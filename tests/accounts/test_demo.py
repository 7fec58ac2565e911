from django.core.management import call_command

from accounts.models import Department, Membership, User


def test_seed_demo_creates_every_login_and_is_idempotent(db, capsys):
    call_command("seed_demo")
    first = (User.objects.count(), Membership.objects.count(), Department.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Membership.objects.count(), Department.objects.count()) == first
    out = capsys.readouterr().out
    for login in [
        "analyst@demo.local",
        "lead@demo.local",
        "exec@demo.local",
        "admin@demo.local",
        "marketing.signatory@demo.local",
        "billing.member@demo.local",
        "product-development.signatory@demo.local",
        "sales.member@demo.local",
    ]:
        assert login in out
        assert User.objects.get(email=login).check_password("demo")
    assert Department.objects.get(is_contact_center=True).slug == "contact-center"
    assert set(
        Department.objects.exclude(is_contact_center=True).values_list("executive_sponsor__email", flat=True)
    ) == {"exec@demo.local"}
