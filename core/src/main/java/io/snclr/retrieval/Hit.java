package io.snclr.retrieval;

/** One search result: the row of the embeddings file and its cosine similarity to the query. */
public record Hit(int row, float score) {}
