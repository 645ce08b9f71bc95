"""Analysis: the cross-source views of a story (quotes, corroboration, contradictions, framing,
timeline, key players), each grounded in source sentences; ``analyze.analyze_story`` runs them."""
