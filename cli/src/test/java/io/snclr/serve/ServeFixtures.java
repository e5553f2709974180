package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snclr.cli.Args;
import io.snclr.cli.CliCapture;
import io.snclr.data.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the service's tests serve: a folder of small photos and an untrained run over them. */
final class ServeFixtures {
    private ServeFixtures() {}

    /** {@code count} distinct 32-pixel-high PNG photos, {@code 0.png} and on, in {@code dir/images}. */
    static Path photos(Path dir, int count) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < count; i++) {
            Files.write(images.resolve(i + ".png"), TestImages.encode(TestImages.photo(40 + i, 32, i), "png"));
        }
        return images;
    }

    /** An encoder that was never trained (0 epochs) on {@code images}, in {@code run}. */
    static Path untrainedRun(Path images, Path run) {
        CliCapture.Outcome o = CliCapture.run(Args.untrainedOn(images, run));
        assertEquals(0, o.code(), o.err());
        return run;
    }
}
