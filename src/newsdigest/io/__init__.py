"""Input and output: reading every input format into articles, and rendering digests."""
