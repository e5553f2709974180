/**
 * The backbones (torchvision-named ResNets, timm-named ViTs) and the MLP heads, their configuration, and their
 * import and export as torch.save and TorchScript files.
 *
 * <p>May import: engine, files.
 */
package io.snclr.model;
