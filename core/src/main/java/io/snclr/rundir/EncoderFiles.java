package io.snclr.rundir;

import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.files.BuildInfo;
import io.snclr.files.DiskErrors;
import io.snclr.files.FileDigest;
import io.snclr.files.Json;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained backbone on disk: {@code encoder.pt} (parameters and buffers under torchvision names, prefixed
 * {@code backbone.}) and {@code encoder.json} (its {@link EncoderSpec} and input normalisation).
 */
public final class EncoderFiles {
    public static final String WEIGHTS = "encoder.pt";
    public static final String META = "encoder.json";

    /** The format of encoder.json written now (1: with the weights' checksum). */
    public static final int FORMAT = 1;

    /**
     * The saved description: architecture plus the per-channel mean/std the encoder was trained with, the
     * evaluation view's share of an image's shorter side (null in files written before it existed: the whole side),
     * the size and SHA-256 of encoder.pt (null in files written before checksums existed), and the snclr version that
     * wrote it (null before it was recorded).
     */
    public record Meta(
            EncoderSpec spec,
            float[] mean,
            float[] std,
            String method,
            long featureDim,
            Double centerCrop,
            Integer format,
            Long bytes,
            String sha256,
            String snclrVersion) {
        public Meta(EncoderSpec spec, float[] mean, float[] std, String method, long featureDim, double centerCrop) {
            this(spec, mean, std, method, featureDim, centerCrop, null, null, null, null);
        }

        /** The evaluation view's share of the shorter side (1 for encoders saved before it was recorded). */
        public double centerCropOrWhole() {
            return centerCrop != null ? centerCrop : 1.0;
        }
    }

    private EncoderFiles() {}

    public static void save(Path dir, Encoder encoder, Meta meta) {
        try {
            Path weights = dir.resolve(WEIGHTS);
            new StateWriter().putModule("backbone", encoder.module()).writeAtomically(weights);
            Meta sealed = new Meta(
                    meta.spec(),
                    meta.mean(),
                    meta.std(),
                    meta.method(),
                    meta.featureDim(),
                    meta.centerCrop(),
                    FORMAT,
                    Files.size(weights),
                    FileDigest.sha256(weights),
                    BuildInfo.version());
            Json.write(dir.resolve(META), sealed);
        } catch (IOException e) {
            throw new UncheckedIOException(DiskErrors.describe(e, dir.resolve(WEIGHTS)), e);
        }
    }

    public static Meta readMeta(Path dir) {
        Path f = dir.resolve(META);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(
                    dir + ": no " + META + " (expected a run directory written by " + "'snclr pretrain')");
        }
        return Json.read(f, Meta.class, "a valid encoder description");
    }

    /** Refuses weights whose size or SHA-256 differ from what encoder.json recorded. */
    static void verify(Path weights, Meta meta) {
        if (meta.sha256() == null) { // written before checksums existed: damage could not be told apart
            throw new IllegalArgumentException(weights.getParent().resolve(META)
                    + ": no checksum for " + WEIGHTS + " (written by an earlier version); snclr pretrain --resume "
                    + weights.getParent() + " rewrites both from the run's checkpoint");
        }
        try {
            if (!Files.isRegularFile(weights)) throw new IllegalArgumentException(weights + ": missing");
            long size = Files.size(weights);
            if (size != meta.bytes() || !FileDigest.sha256(weights).equals(meta.sha256())) {
                throw new IllegalArgumentException(
                        weights + ": damaged (its size or SHA-256 differs from " + META + "); snclr pretrain --resume "
                                + weights.getParent() + " rewrites it from the run's checkpoint");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + weights + ": " + e.getMessage(), e);
        }
    }

    /** Rebuilds the backbone described in {@code dir} and loads its weights. */
    public static Encoder load(Path dir, Device device) {
        Meta meta = readMeta(dir);
        verify(dir.resolve(WEIGHTS), meta);
        Encoder encoder = meta.spec().create();
        new StateReader(dir.resolve(WEIGHTS)).intoModule("backbone", encoder.module());
        ModuleState.toDevice(encoder.module(), device);
        return encoder;
    }
}
