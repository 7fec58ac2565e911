"""Every write in the attribution app, one module per area (agreements, sign-offs, ledger, reports)."""
