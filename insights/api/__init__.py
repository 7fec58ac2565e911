"""DRF views, one module per area; routes in api_urls.py."""
