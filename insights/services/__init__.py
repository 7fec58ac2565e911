"""Every write in the insights app, one module per area (imports, insights, outbox)."""
