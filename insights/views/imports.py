"""Pages: upload a contact file and watch its import."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from accounts.policy import Action, require
from core.pages import service_errors
from insights.selectors.imports import import_job_errors, import_job_list
from insights.services.imports import (
    COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_MAX_CHARS,
    import_job_create,
)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV with a header row, or JSON Lines. UTF-8.")
    source = forms.CharField(max_length=60, help_text="The system the contacts come from, e.g. telephony or crm.")


@login_required
def contacts_import(request):
    """Upload page: the form, then a redirect to the job's live progress."""
    require(request.user, Action.IMPORT_CONTACTS)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            job = import_job_create(
                upload=form.cleaned_data["file"], source=form.cleaned_data["source"], user=request.user
            )
            return redirect("import-job", pk=job.pk)
    return render(
        request,
        "insights/contacts_import.html",
        {
            "form": form,
            "jobs": import_job_list()[:20],
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
            "max_bytes": settings.IMPORT_MAX_BYTES,
            "text_max_chars": f"{TEXT_MAX_CHARS:,}",
        },
        status=400 if form.errors else 200,
    )


@login_required
def import_job(request, pk: int):
    """One import: counts, progress (polled live while it runs) and rejected rows."""
    require(request.user, Action.IMPORT_CONTACTS)
    job = get_object_or_404(import_job_list(), pk=pk)
    return render(request, "insights/import_job.html", {"job": job, "row_errors": import_job_errors(job=job)})
