/**
 * SimCLR (Chen et al., 2020): one network, NT-Xent over the global batch.
 *
 * <p>May import: augment, dist, method, method.losses.
 */
package io.snclr.method.simclr;
