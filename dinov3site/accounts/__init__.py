"""Who acts and what they may: users, roles, API-key authentication, the permission helper and the audit trail."""
