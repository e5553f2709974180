package io.snclr.data;

/**
 * Pixels whose training views are cut from each image's whole picture (streamed files, or images held whole in
 * memory), as torchvision's RandomResizedCrop cuts them from the file, rather than from a stored square.
 */
public interface Originals extends Pixels {
    /**
     * The two training views' crops of the images at {@code indices}: each region of the image's whole picture,
     * resized to the training size, mirrored as {@code crops} says; one C·S·S block per image in each array.
     */
    byte[][] decodeViews(int[] indices, StreamedImages.CropSource crops);
}
