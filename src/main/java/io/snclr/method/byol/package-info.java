/**
 * BYOL (Grill et al., 2020) on the shared momentum networks.
 *
 * <p>May import: method, method.losses.
 */
package io.snclr.method.byol;
