"""The API (``api``) and the reading pages (``pages``)."""
