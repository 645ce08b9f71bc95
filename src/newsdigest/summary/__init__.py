"""The cited summary: the sentence table and same-fact test, sentence selection, citations."""
