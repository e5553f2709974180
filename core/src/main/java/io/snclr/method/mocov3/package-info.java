/**
 * MoCo v3 (Chen, Xie and He, 2021): SNCLR's networks and loss with no neighbours.
 *
 * <p>May import: augment, method, method.snclr.
 */
package io.snclr.method.mocov3;
