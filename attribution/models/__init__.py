"""Credit agreements, sign-offs, improvements, outcomes and the ledger; one module per kind of thing."""
