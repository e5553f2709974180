package io.snclr.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorBoard's event files read back by a reader of their own: TFRecord framing checked against java.util.zip's
 * CRC-32C, the Event, Summary and SessionLog messages parsed field by field with protobuf's CodedInputStream.
 */
class TensorBoardLogTest {
    /** One parsed Event: its step, its scalars (tag → value), its file_version, whether it is a SessionLog START. */
    record Event(long step, Map<String, Float> scalars, String fileVersion, boolean start) {}

    @Test
    void scalarsOfStepsAndEpochsAndAResumeAreReadBack(@TempDir Path run) throws Exception {
        try (MetricsLog log = MetricsLog.of(run)) {
            for (long step = 0; step < 3; step++) {
                log.write(Map.of(Metric.STEP, step, Metric.EPOCH, 0, Metric.LOSS, 5.0 - step, Metric.LR, 0.001));
            }
            log.write(Map.of(Metric.EPOCH_END, 0, Metric.KNN_TOP1, 0.5, "note", "not a number"));
        }
        try (MetricsLog log = MetricsLog.of(run)) {
            log.restartAt(2);
            log.write(Map.of(Metric.STEP, 2L, Metric.EPOCH, 0, Metric.LOSS, 2.5, "nan", Double.NaN));
        }
        List<Path> files = eventFiles(run);
        assertEquals(2, files.size(), "one file per session");
        List<Event> first = read(files.get(0)), second = read(files.get(1));
        assertEquals("brain.Event:2", first.get(0).fileVersion());
        assertEquals(5, first.size(), "the version, three steps, one epoch");
        assertEquals(1, first.get(2).step());
        assertEquals(
                Map.of("train/loss", 4.0f, "train/lr", 0.001f), first.get(2).scalars());
        assertEquals(2, first.get(4).step(), "an epoch's scalars at its last step");
        assertEquals(Map.of("epoch/knn_top1", 0.5f), first.get(4).scalars(), "only finite numbers");
        assertTrue(second.get(1).start() && second.get(1).step() == 2, "the resumed session restarts at its step");
        assertEquals(Map.of("train/loss", 2.5f), second.get(2).scalars());
    }

    @Test
    void aFileCutByAKillKeepsEveryWholeRecord(@TempDir Path run) throws Exception {
        try (MetricsLog log = MetricsLog.of(run)) {
            for (long step = 0; step < 10; step++) log.write(Map.of(Metric.STEP, step, Metric.LOSS, 1.0));
        }
        Path file = eventFiles(run).get(0);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 7));
        List<Event> events = read(file);
        assertEquals(10, events.size(), "the version and nine steps; the tenth was cut");
    }

    private static List<Path> eventFiles(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve(TensorBoardLog.DIR))) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
                    .sorted()
                    .toList();
        }
    }

    /** Every whole record of a TFRecord file, each checked against its CRCs; a cut-off last record is left out. */
    static List<Event> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> out = new ArrayList<>();
        while (b.remaining() >= 12) {
            byte[] lengthBytes = new byte[8];
            b.get(lengthBytes);
            long length =
                    ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(masked(lengthBytes), b.getInt(), "length CRC");
            if (b.remaining() < length + 4) break; // cut off
            byte[] data = new byte[(int) length];
            b.get(data);
            assertEquals(masked(data), b.getInt(), "data CRC");
            out.add(event(data));
        }
        return out;
    }

    private static int masked(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static Event event(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        long step = 0;
        Map<String, Float> scalars = new LinkedHashMap<>();
        String version = null;
        boolean start = false;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> in.readDouble(); // wall_time
                case 2 -> step = in.readInt64();
                case 3 -> version = in.readString();
                case 5 -> summary(in.readBytes().newCodedInput(), scalars);
                case 6 -> {
                    CodedInputStream log = in.readBytes().newCodedInput();
                    for (int t; (t = log.readTag()) != 0; ) {
                        if (WireFormat.getTagFieldNumber(t) == 1) start = log.readEnum() == 1;
                        else log.skipField(t);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new Event(step, scalars, version, start);
    }

    private static void summary(CodedInputStream in, Map<String, Float> scalars) throws IOException {
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream value = in.readBytes().newCodedInput();
            String name = null;
            Float v = null;
            for (int t; (t = value.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(t)) {
                    case 1 -> name = value.readString();
                    case 2 -> v = value.readFloat();
                    default -> value.skipField(t);
                }
            }
            scalars.put(name, v);
        }
    }
}
