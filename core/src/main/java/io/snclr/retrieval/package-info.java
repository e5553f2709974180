/**
 * Search over embeddings: the exact scan, the approximate HNSW index (Lucene's vectors, memory-mapped beside the
 * embeddings) and near-duplicate groups.
 *
 * <p>May import: api, engine, files.
 */
package io.snclr.retrieval;
