/**
 * SPCL (Mo et al., BMVC 2021): per-epoch k-means prototypes, prototype-aware batches, the Siamese metric loss and
 * the prototypical cross-entropy.
 *
 * <p>May import: augment, data, dist, engine, method, method.losses, model.
 */
package io.snclr.method.spcl;
