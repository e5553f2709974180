/**
 * Images in, batches out: the Fashion-MNIST IDX reader, ImageFolder trees and WebDataset shards (indexed, cached,
 * decoded in memory or streamed), class-balanced subsets, and the global batch plans with their one rank slice.
 *
 * <p>May import: engine, files.
 */
package io.snclr.data;
