/**
 * Loss functions shared by several methods: InfoNCE, NT-Xent, normalised MSE.
 *
 * <p>May import: engine, method.
 */
package io.snclr.method.losses;
