"""System checks for the deployment: what would otherwise surface only as an error page in production."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register


@register(Tags.staticfiles, deploy=True)
def staticfiles_manifest_check(app_configs=None, **kwargs) -> list[Error]:
    """Under a manifest storage (DEBUG=0) every page needs STATIC_ROOT's manifest: refuse to deploy without it."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):  # the lazy storage answers for its class
        return []
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    if manifest.is_file():
        return []
    return [
        Error(
            f"The static files manifest {manifest} is missing: every page would fail with "
            "'Missing staticfiles manifest entry'.",
            hint="Run `python manage.py collectstatic --noinput` with DEBUG=0 (the production storage) "
            "before serving, as the Dockerfile does.",
            id="core.E001",
        )
    ]
