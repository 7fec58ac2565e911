"""The demo introduces itself: who to sign in as and one thing to try as each; and the demo's mailbox.

Both pages exist only outside production mode: the introduction once the demo's people are seeded, the mailbox
while `make demo`'s e-mail backend (core.demo_mail) is the configured one. Otherwise they answer 404.
"""

import re

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html, format_html_join

from accounts.demo import demo_is_seeded
from core.demo_mail import demo_mail_enabled
from core.models import DemoMail

# (login, name, role, one thing to try, where to start)
PERSONAS = [
    ("analyst@demo.local", "Ana Lyst", "contact-center analyst",
     "Open Emerging issues and draft an insight from the app-login problem.", "/emerging-issues/"),
    ("lead@demo.local", "Lee Adams", "contact-center lead",
     "Invite Eve Xu to a listen-in, then accept it from Demo mail as she would.", "/listen-in/new/"),
    ("exec@demo.local", "Eve Xu", "executive",
     "Read what the center earned this quarter, and follow a figure to its postings.", "/exec/"),
    ("admin@demo.local", "Ada Min", "administrator",
     "Invite a colleague and give them a role; their invitation arrives in Demo mail.", "/people/"),
    ("marketing.signatory@demo.local", "Mara Keting", "Marketing signatory",
     "Sign (or decline) the insight waiting in your inbox.", "/signoffs/"),
    ("marketing.member@demo.local", "Mo Market", "Marketing member",
     "See what your department committed to, and mark an action done.", "/actions/"),
    ("product-development.signatory@demo.local", "Priya Devan", "Product Development signatory",
     "Open the sign-off waiting for your department, read what you would sign, then sign it.", "/signoffs/"),
]  # fmt: skip


def demo_intro(request):
    """Who is who in the demo, with one click to sign in as each and go to the thing to try."""
    if not demo_is_seeded():
        raise Http404("There is no demo here.")
    password = settings.DEMO_PASSWORD
    context = {"personas": PERSONAS, "password": password, "mail": demo_mail_enabled()}
    return render(request, "attribution/demo/intro.html", context)


def _mail_or_404():
    if not demo_mail_enabled():
        raise Http404("This server sends real e-mail; there is no demo mailbox.")


def demo_mail_list(request):
    """Every e-mail the demo sent, newest first (anyone may read them: they are the demo's)."""
    _mail_or_404()
    return render(request, "attribution/demo/mail_list.html", {"mails": DemoMail.objects.all()[:200]})


_URL = re.compile(r"https?://[^\s<>\"']+")


def _linked(body: str):
    """The body as HTML with every link clickable; links to this site become paths, so they open right here."""
    site = settings.SITE_URL.rstrip("/")
    pieces, last = [], 0
    for match in _URL.finditer(body):
        url = match.group(0).rstrip(".,;)")
        end = match.start() + len(url)
        href = url[len(site) :] or "/" if url.startswith(site) else url
        pieces.append((body[last : match.start()], href, url))
        last = end
    linked = format_html_join("", '{}<a href="{}">{}</a>', pieces)
    return format_html("{}{}", linked, body[last:])


def demo_mail_detail(request, pk: int):
    """One e-mail, its links followable."""
    _mail_or_404()
    mail = get_object_or_404(DemoMail, pk=pk)
    return render(request, "attribution/demo/mail_detail.html", {"mail": mail, "body": _linked(mail.body)})
