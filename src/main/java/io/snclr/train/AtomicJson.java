package io.snclr.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.snclr.engine.AtomicFile;
import java.nio.file.Path;
import java.util.Map;

/** A small JSON file (a manifest) written through a temporary file and an atomic rename. */
final class AtomicJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AtomicJson() {}

    static void write(Path file, Map<String, ?> values) {
        AtomicFile.write(file, tmp -> JSON.writeValue(tmp.toFile(), values));
    }
}
