"""Gold-set scorers, one per analysis field: each reads a field's output and counts tp/fp/fn."""
