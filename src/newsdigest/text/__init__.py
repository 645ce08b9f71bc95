"""Text: cleaning scraped text, splitting sentences, words and stems, sentence embeddings."""
