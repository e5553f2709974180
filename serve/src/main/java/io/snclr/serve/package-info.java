/**
 * {@code snclr serve}: an HTTP service over a trained encoder and its embeddings (Jetty's core server): embed an
 * image, search by image or by stored row, fetch a stored image, and a web page for people. Concurrent images are
 * embedded in batches.
 *
 * <p>May import: api, files, retrieval.
 */
package io.snclr.serve;
