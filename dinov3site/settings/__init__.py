"""Settings split by environment: base (shared), local (embedded defaults), production, test."""
