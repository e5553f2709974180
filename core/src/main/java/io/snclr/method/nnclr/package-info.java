/**
 * NNCLR (Dwibedi et al., 2021): the nearest neighbour of the support set as the positive.
 *
 * <p>May import: augment, dist, engine, method, method.losses.
 */
package io.snclr.method.nnclr;
