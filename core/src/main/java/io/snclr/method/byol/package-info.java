/**
 * BYOL (Grill et al., 2020) on the shared momentum networks.
 *
 * <p>May import: augment, method, method.losses.
 */
package io.snclr.method.byol;
