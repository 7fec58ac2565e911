"""Forms that parse what pages (and query strings) send into typed values for the services and selectors."""
