/**
 * The libtorch engine through JavaCPP: start-up and threads, devices, memory scopes, tensor helpers, layers,
 * optimiser bindings, archives, process groups, image decoding. The only package that touches org.bytedeco; every
 * other package uses its tensors and modules.
 *
 * <p>May import: files.
 */
package io.snclr.engine;
