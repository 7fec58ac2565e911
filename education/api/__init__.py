"""DRF views, one module per area (staffing, quiz, listen-in); routes in api_urls.py."""
