/**
 * The Java API for services: an Embedder (images in, unit vectors out, thread-safe), embedding files
 * (embeddings.npy + index.csv) and their exact search.
 *
 * <p>May import: augment, data, engine, eval, files, model, rundir.
 */
package io.snclr.api;
