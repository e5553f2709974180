package io.snclr.rundir;

import io.snclr.files.DiskErrors;
import io.snclr.files.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file ({@code tensorboard --logdir runs/}): TFRecord framing (length, masked CRC-32C of the
 * length, data, masked CRC-32C of the data) around {@code Event} messages of TensorBoard's {@code event.proto}, each
 * carrying a {@code Summary} of scalars ({@code summary.proto}'s {@code simple_value}). One file per session in the run
 * directory's {@code tensorboard/} folder, flushed per event; a resumed session first writes a {@code SessionLog}
 * START at its first step, on which TensorBoard drops what earlier sessions logged from that step on, so a resumed run
 * continues the same curves. A file cut off by a kill loses only its last record.
 */
public final class TensorBoardLog implements AutoCloseable {
    public static final String DIR = "tensorboard";
    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;
    private final Path file;

    /** Opens a new event file in {@code runDir}/tensorboard. */
    public TensorBoardLog(Path runDir) {
        Path dir = runDir.resolve(DIR);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        // TensorBoard's own naming: events.out.tfevents.<seconds>.<host>, made unique by the process id and a count
        String name = "events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + host + "."
                + ProcessHandle.current().pid();
        Path chosen = dir.resolve(name);
        OutputStream opened = null;
        try {
            Files.createDirectories(dir);
            for (int n = 1; opened == null; n++) {
                try {
                    opened = Files.newOutputStream(chosen, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (java.nio.file.FileAlreadyExistsException taken) { // a second session in the same second
                    chosen = dir.resolve(name + "." + n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(DiskErrors.describe(e, chosen), e);
        }
        this.file = chosen;
        this.out = opened;
        ProtoWriter event =
                new ProtoWriter().fixed64(1, Double.doubleToLongBits(now())).string(3, "brain.Event:2");
        record(event.bytes());
    }

    /**
     * An evaluation's results (kNN, a linear probe) added to a run's TensorBoard files under {@code eval/}, at the
     * run's step {@code step}, in an event file of their own so that no other writer's file is touched.
     */
    public static void evaluation(Path runDir, long step, Map<String, ?> values) {
        try (TensorBoardLog log = new TensorBoardLog(runDir)) {
            log.scalars(step, "eval/", values);
        }
    }

    public Path file() {
        return file;
    }

    /** Scalars at a step: each finite number of {@code values} under {@code prefix + key}. */
    public void scalars(long step, String prefix, Map<String, ?> values) {
        ProtoWriter summary = new ProtoWriter();
        int n = 0;
        for (var e : values.entrySet()) {
            if (!(e.getValue() instanceof Number v) || !Double.isFinite(v.doubleValue())) continue;
            summary.message(1, new ProtoWriter().string(1, prefix + e.getKey()).float32(2, v.floatValue()));
            n++;
        }
        if (n == 0) return;
        record(new ProtoWriter()
                .fixed64(1, Double.doubleToLongBits(now()))
                .varint(2, step)
                .message(5, summary)
                .bytes());
    }

    /** A session that goes on from {@code step} (a resumed run): TensorBoard forgets what was logged from there on. */
    public void restartAt(long step) {
        ProtoWriter sessionLog = new ProtoWriter().varint(1, 1); // status START
        record(new ProtoWriter()
                .fixed64(1, Double.doubleToLongBits(now()))
                .varint(2, step)
                .message(6, sessionLog)
                .bytes());
    }

    private void record(byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        ByteBuffer footer =
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length));
        try {
            ByteArrayOutputStream whole =
                    new ByteArrayOutputStream(16 + data.length); // one write: a kill cuts one record
            whole.write(header.array());
            whole.write(data);
            whole.write(footer.array());
            out.write(whole.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(DiskErrors.describe(e, file), e);
        }
    }

    /** TFRecord's checksum: CRC-32C, rotated right by 15 bits plus a constant. */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
