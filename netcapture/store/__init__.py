"""Storage: models, database opening (migrations, SQLite settings, error translation), search."""
