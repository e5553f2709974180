package io.snclr.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.config.Deciding;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigFile;
import io.snclr.config.RunConfigs;
import io.snclr.engine.Engine;
import io.snclr.eval.LinearMode;
import io.snclr.eval.SupervisedConfig;
import io.snclr.eval.SupervisedEvaluation;
import io.snclr.eval.SupervisedResult;
import io.snclr.report.RunReport;
import io.snclr.run.PretrainJob;
import io.snclr.run.SavedRun;
import io.snclr.rundir.Checkpoints;
import io.snclr.rundir.MetricsFile;
import io.snclr.rundir.PretrainSummary;
import io.snclr.rundir.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cells of a grid in this process, as overrides of one base configuration. A cell whose result record
 * exists is not run again (the record must be of the same configuration); an interrupted cell resumes from its
 * checkpoint; every finished cell leaves its record.
 */
public final class Grid {
    private static final Logger LOG = LoggerFactory.getLogger(Grid.class);

    private final RunConfig base;
    private final Map<String, Object> everyMethod;
    private final Path cells;
    private final Path records;

    /**
     * @param everyMethod method settings applied to every method that has them (queue length, K)
     * @param cells where the cells' run directories go
     * @param records where their result records go
     */
    public Grid(RunConfig base, Map<String, Object> everyMethod, Path cells, Path records) {
        this.base = base;
        this.everyMethod = Map.copyOf(everyMethod);
        this.cells = cells;
        this.records = records;
    }

    public RunConfig base() {
        return base;
    }

    /** The cell's configuration: the base with its method, the shared method settings, its overrides and its seed. */
    public RunConfig config(Cell c) {
        RunConfig cfg = RunConfigs.override(base, Map.of("method", c.method(), "seed", c.seed()), "");
        cfg = RunConfigs.overrideWhereApplicable(cfg, everyMethod);
        return RunConfigs.override(cfg, c.overrides(), "cell " + c.id() + ": ");
    }

    public Path record(Cell c) {
        return records.resolve(c.id() + ".json");
    }

    /** The cell's result: from its record, or trained and evaluated now. */
    public CellResult run(Cell c) {
        RunConfig cfg = config(c);
        JsonNode configJson = RunConfigs.toJson(cfg);
        Path record = record(c);
        if (Files.isRegularFile(record)) {
            CellResult r = CellResult.read(record);
            // read back as a configuration: a record written before a setting existed has it at its default
            JsonNode recorded = RunConfigs.toJson(RunConfigs.overlay(RunConfig.DEFAULT, r.config(), record.toString()));
            if (!recipe(recorded).equals(recipe(configJson))) {
                throw new IllegalArgumentException(
                        record + ": recorded with another configuration than this grid's cell " + c.id()
                                + "; use another --records directory or remove the record");
            }
            return r;
        }
        try {
            return train(c, cfg, configJson, record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in cell " + c.id(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CellResult train(Cell c, RunConfig cfg, JsonNode configJson, Path record)
            throws InterruptedException, IOException {
        Path dir = cells.resolve(c.id());
        Engine engine = cfg.engine().start();
        if (!Files.isRegularFile(dir.resolve(RunFiles.SUMMARY))) {
            boolean resume = Checkpoints.exists(dir);
            LOG.info("cell {}: {}", c.id(), resume ? "resuming" : "starting");
            if (resume
                    && !recipe(RunConfigs.toJson(RunConfigFile.read(dir, "cell")))
                            .equals(recipe(configJson))) {
                throw new IllegalArgumentException(dir + ": an interrupted cell of another configuration; remove it");
            }
            if (!resume) {
                // a cell stopped before its first checkpoint starts again: what it wrote is not a run yet
                RunConfigFile.forget(dir);
                Files.deleteIfExists(dir.resolve(RunFiles.METRICS));
            }
            new PretrainJob(cfg, dir, resume, List.of())
                    .withPages(RunReport::write)
                    .alone();
        }
        SavedRun saved = SavedRun.open(dir, cfg.data(), engine, c.seed());
        SupervisedEvaluation probe = new SupervisedEvaluation(saved.encoder(), saved.transform(), engine.device());
        SupervisedConfig protocol = cfg.eval().linear(saved.encoder().isTransformer(), c.seed());
        SupervisedResult linear = cfg.eval().linearMode() == LinearMode.FAST
                ? probe.linearFast(saved.train(), saved.test(), protocol)
                : probe.linearAugmented(
                        saved.train(), saved.test(), protocol, cfg.eval().linearCropMin());
        PretrainSummary summary = PretrainSummary.read(dir);
        if (summary == null || summary.knnTop1() == null) {
            throw new IllegalStateException(dir + ": the cell finished without a kNN result in its summary");
        }
        CellResult result = new CellResult(
                c.id(),
                c.label(),
                configJson,
                summary.knnTop1(),
                linear.top1(),
                summary.trainSecondsThisSession(),
                epochs(MetricsFile.read(dir.resolve(RunFiles.METRICS))));
        result.write(record);
        LOG.info("cell {}: kNN {} linear {} -> {}", c.id(), result.knnTop1(), result.linearTop1(), record);
        return result;
    }

    /** What decides a cell's result ({@link Deciding#result}). */
    private static JsonNode recipe(JsonNode config) {
        return Deciding.resultOf(config);
    }

    /** The per-epoch diagnostics of a run (every value of its epoch records), one map per epoch. */
    private static List<Map<String, Double>> epochs(MetricsFile m) {
        TreeMap<Integer, Map<String, Double>> byEpoch = m.epochRecords();
        List<Map<String, Double>> out = new ArrayList<>();
        if (!byEpoch.isEmpty()) {
            for (int e = 0; e <= byEpoch.lastKey(); e++) out.add(byEpoch.getOrDefault(e, Map.of()));
        }
        return out;
    }
}
