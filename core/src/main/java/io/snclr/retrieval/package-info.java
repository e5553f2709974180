/**
 * Search over embeddings: the exact scan, the approximate HNSW index (Lucene's vectors, memory-mapped beside the
 * embeddings), near-duplicate groups and diverse subsets (k-center greedy).
 *
 * <p>May import: api, engine, files.
 */
package io.snclr.retrieval;
