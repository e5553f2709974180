/**
 * MoCo v3 (Chen, Xie and He, 2021): momentum networks and the contrastive loss over the global batch; the base that
 * SNCLR builds on.
 *
 * <p>May import: augment, dist, engine, method, method.losses.
 */
package io.snclr.method.mocov3;
