/**
 * Files on disk, written so that nothing is ever half-written: atomic writes through a temporary file, SHA-256
 * digests, one-line messages for disk errors, the one configured JSON mapper, and the protobuf wire format.
 *
 * <p>May import: nothing of io.snclr.
 */
package io.snclr.files;
