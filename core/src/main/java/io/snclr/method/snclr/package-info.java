/**
 * SNCLR (Ge et al., ICLR 2023): MoCo v3 ({@code method.mocov3}) with the candidate queue's neighbours (Eq. 3), their
 * positiveness (Eq. 4, {@code method.PositivenessAttention}) and the soft-neighbour loss (Eq. 2).
 *
 * <p>May import: augment, dist, engine, method, method.mocov3.
 */
package io.snclr.method.snclr;
