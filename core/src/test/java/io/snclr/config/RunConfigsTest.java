package io.snclr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.method.mocov3.MocoV3Config;
import io.snclr.method.simclr.SimClrConfig;
import io.snclr.method.snclr.NeighborSide;
import io.snclr.method.snclr.SnclrConfig;
import io.snclr.train.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed run configuration: YAML round trip, flat and nested files, overrides, errors that name the key. */
class RunConfigsTest {
    private static RunConfig changed() {
        return RunConfigs.override(
                RunConfig.DEFAULT,
                Map.of(
                        "epochs",
                        "7",
                        "batch-size",
                        64,
                        "neighbor-side",
                        "negative",
                        "test-data",
                        "/data/val",
                        "crop-min",
                        0.3,
                        "device",
                        "cpu",
                        "progress",
                        "off",
                        "lr",
                        "1e-3"),
                "");
    }

    @Test
    void configYamlRoundTripsExactly(@TempDir Path tmp) throws Exception {
        RunConfig c = changed();
        Path file = tmp.resolve("config.yaml");
        RunConfigs.write(c, file);
        assertEquals(c, RunConfigs.read(file));
        String yaml = Files.readString(file);
        assertTrue(yaml.contains("neighbor-side: negative"), yaml);
        assertTrue(yaml.contains("test-source: /data/val"), yaml);
        assertEquals(7, c.schedule().epochs());
        assertEquals(NeighborSide.NEGATIVE, ((SnclrConfig) c.method().options()).neighborSide());
        assertEquals(Progress.OFF, c.loop().progress());
        assertEquals(1e-3, c.train().lrPer256());
    }

    @Test
    void flatKeysAndSectionsMeanTheSame(@TempDir Path tmp) throws Exception {
        Path flat = tmp.resolve("flat.yaml"), nested = tmp.resolve("nested.yaml");
        Files.writeString(flat, "batch-size: 64\nneighbors: 10\nmethod: snclr\n");
        Files.writeString(nested, "optim:\n  batch-size: 64\nmethod:\n  name: snclr\n  neighbors: 10\n");
        assertEquals(RunConfigs.read(flat), RunConfigs.read(nested));
        assertEquals(64, RunConfigs.read(flat).optim().batchSize());
    }

    @Test
    void errorsNameTheKeyAndTheFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "optim:\n  batch-sise: 3\n");
        String m = assertThrows(IllegalArgumentException.class, () -> RunConfigs.read(file))
                .getMessage();
        assertTrue(m.contains("bad.yaml") && m.contains("optim.batch-sise"), m);
        m = assertThrows(
                        IllegalArgumentException.class,
                        () -> RunConfigs.override(RunConfig.DEFAULT, Map.of("epochs", "many"), ""))
                .getMessage();
        assertEquals("--epochs: expected a whole number, got 'many'", m);
        m = assertThrows(
                        IllegalArgumentException.class,
                        () -> RunConfigs.override(RunConfig.DEFAULT, Map.of("loss", "hard"), ""))
                .getMessage();
        assertTrue(m.contains("--loss") && m.contains("[paper, soft]"), m);
        m = assertThrows(
                        IllegalArgumentException.class,
                        () -> RunConfigs.override(RunConfig.DEFAULT, Map.of("method", "simclr", "neighbors", 5), ""))
                .getMessage();
        assertTrue(m.contains("--neighbors: not a setting of --method simclr"), m);
        m = assertThrows(
                        IllegalArgumentException.class,
                        () -> RunConfigs.override(RunConfig.DEFAULT, Map.of("neighbors", 50, "queue", 10), ""))
                .getMessage();
        assertTrue(m.contains("--neighbors (50) cannot exceed --queue (10)"), m);
    }

    @Test
    void aNewMethodKeepsTheSettingsGivenForTheOldOne() {
        RunConfig snclr = RunConfigs.override(RunConfig.DEFAULT, Map.of("temperature", 0.1), "");
        RunConfig simclr = RunConfigs.override(snclr, Map.of("method", "simclr"), "");
        assertEquals(new SimClrConfig(0.1), simclr.method().options());
        assertEquals(
                MocoV3Config.DEFAULT,
                RunConfigs.override(RunConfig.DEFAULT, Map.of("method", "mocov3"), "")
                        .method()
                        .options(),
                "defaults of the old method do not carry over");
        // settings every method that has them should take (a grid's queue length)
        RunConfig byol = RunConfigs.overrideWhereApplicable(
                RunConfigs.override(RunConfig.DEFAULT, Map.of("method", "byol"), ""),
                Map.of("queue", 512, "epochs", 3));
        assertEquals(3, byol.schedule().epochs());
    }

    @Test
    void everySettingHasOneFlagAndTheRecipesResolveOnce() {
        assertEquals(
                RunConfigs.keys().size(),
                RunConfigs.keys().stream().map(ConfigKey::flag).distinct().count());
        assertTrue(RunConfigs.keys().stream()
                .anyMatch(k -> k.flag().equals("neighbors") && k.methods().contains("snclr")));
        RunConfig vit = RunConfigs.override(RunConfig.DEFAULT, Map.of("encoder", "vit-tiny"), "");
        assertEquals(1.5e-4, vit.train().lrPer256());
        assertEquals(0.1, vit.train().weightDecay());
        RunConfig lars = RunConfigs.override(RunConfig.DEFAULT, Map.of("optimizer", "lars"), "");
        assertEquals(0.3, lars.train().lrPer256());
        assertEquals(1e-6, lars.train().weightDecay());
        assertEquals(2e-3, RunConfig.DEFAULT.train().lrPer256());
    }

    /** A YAML file is read as strictly as the flags: whole numbers stay whole, a key says one thing, size is checked. */
    @org.junit.jupiter.api.Test
    void yamlIsRefusedRatherThanBent(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String[][] cases = {
            {"epochs: 1.5\n", "epochs"},
            {"optim:\n  batch-size: 64.9\n", "batch-size"},
            {"epochs: 2\nepochs: 3\n", "epochs"},
            {"optim:\n  lr: 0.1\noptim:\n  lr: 0.2\n", "optim"},
        };
        for (String[] c : cases) {
            Path f = tmp.resolve("bad.yaml");
            Files.writeString(f, c[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfigs.read(f), c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(c[1]), e.getMessage());
        }
        Path big = tmp.resolve("big.yaml");
        Files.writeString(big, "# padding\n".repeat(500_000)); // 5 MB of comments
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfigs.read(big));
        assertTrue(e.getMessage().contains("larger than"), "refused by its size, before parsing: " + e.getMessage());
        assertEquals(
                3,
                RunConfigs.read(write(tmp.resolve("ok.yaml"), "epochs: 3\n"))
                        .schedule()
                        .epochs());
    }

    private static Path write(Path f, String text) throws java.io.IOException {
        Files.writeString(f, text);
        return f;
    }
}
