package io.snclr.model;

import io.snclr.engine.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A trained backbone on disk: {@code encoder.pt} (parameters and buffers under torchvision names, prefixed
 * {@code backbone.}) and {@code encoder.json} (its {@link EncoderSpec} and input normalisation).
 */
public final class EncoderFiles {
    public static final String WEIGHTS = "encoder.pt";
    public static final String META = "encoder.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The saved description: architecture plus the per-channel mean/std the encoder was trained with. */
    public record Meta(EncoderSpec spec, float[] mean, float[] std, String method, long featureDim) {}

    private EncoderFiles() {}

    public static void save(Path dir, Encoder encoder, Meta meta) {
        try {
            new StateWriter().putModule("backbone", encoder.module()).writeAtomically(dir.resolve(WEIGHTS));
            Path tmp = Files.createTempFile(dir, ".encoder", ".json");
            JSON.writeValue(tmp.toFile(), meta);
            Files.move(tmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot save the encoder", e);
        }
    }

    public static Meta readMeta(Path dir) {
        Path f = dir.resolve(META);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(dir + ": no " + META + " (expected a run directory written by "
                    + "'snclr pretrain')");
        }
        try {
            return JSON.readValue(f.toFile(), Meta.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": not a valid encoder description (" + e.getMessage() + ")");
        }
    }

    /** Rebuilds the backbone described in {@code dir} and loads its weights. */
    public static Encoder load(Path dir, Device device) {
        Meta meta = readMeta(dir);
        Encoder encoder = meta.spec().create();
        new StateReader(dir.resolve(WEIGHTS)).intoModule("backbone", encoder.module());
        io.snclr.engine.ModuleState.toDevice(encoder.module(), device);
        return encoder;
    }
}
