"""Deployment checks: a production storage without its manifest is refused before it serves an error page."""

from core.checks import staticfiles_manifest_check

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_a_missing_manifest_is_an_error_naming_collectstatic(settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path
    [error] = staticfiles_manifest_check()
    assert error.id == "core.E001"
    assert "collectstatic" in error.hint


def test_a_present_manifest_passes(settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert staticfiles_manifest_check() == []


def test_the_development_storage_needs_no_manifest(settings, tmp_path):
    development = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**MANIFEST_STORAGES, "staticfiles": development}
    settings.STATIC_ROOT = tmp_path
    assert staticfiles_manifest_check() == []
