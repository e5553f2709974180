package io.snclr.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The project's JSON: one configured mapper for every file it writes or reads (summaries, manifests, metrics lines,
 * result records). Files are written whole through {@link AtomicFile}, so a reader never sees half of one.
 */
public final class Json {
    /** Indented output, properties and map entries in the order they were put. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** One object per line (metrics.jsonl). */
    public static final ObjectWriter LINE = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    /** Indented with map keys sorted: files that are committed and compared (result records). */
    public static final ObjectWriter SORTED = MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {}

    /** Writes {@code value} as indented JSON through a temporary file and an atomic rename. */
    public static void write(Path file, Object value) {
        write(file, value, MAPPER.writer());
    }

    public static void write(Path file, Object value, ObjectWriter writer) {
        AtomicFile.write(file, tmp -> writer.writeValue(tmp.toFile(), value));
    }

    /** The JSON tree of {@code file}; an unreadable or malformed file is one line naming it. */
    public static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read JSON (" + DiskErrors.reason(e) + ")", e);
        }
    }

    /** {@code file} bound to {@code type}; a file that does not fit it is one line naming it. */
    public static <T> T read(Path file, Class<T> type, String what) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(
                    file + ": not " + what + " (" + msg.lines().findFirst().orElse(msg) + ")");
        }
    }

    /** One line of JSON text, for logs. */
    public static String line(Object value) {
        try {
            return LINE.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
