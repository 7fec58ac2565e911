"""Server-rendered pages, one module per area; routes in urls.py."""
