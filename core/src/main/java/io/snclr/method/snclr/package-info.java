/**
 * SNCLR (Ge et al., ICLR 2023): the candidate queue's neighbours (Eq. 3), their positiveness (Eq. 4) and the
 * soft-neighbour loss (Eq. 2).
 *
 * <p>May import: augment, dist, engine, method.
 */
package io.snclr.method.snclr;
