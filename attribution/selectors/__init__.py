"""Every non-trivial read in the attribution app, one module per area (sign-offs, ledger, executive)."""
