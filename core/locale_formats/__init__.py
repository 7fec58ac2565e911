"""Django's own date rendering (`{{ day }}`, `{{ moment|date }}`, date inputs) in the site's one format,
matching core.formats: "1 Dec 2026", "1 Dec 2026, 21:57 UTC" (FORMAT_MODULE_PATH)."""
