"""Every non-trivial read in the insights app, one module per area (contacts, metrics, insights)."""
