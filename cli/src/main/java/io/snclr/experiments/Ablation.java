package io.snclr.experiments;

import io.snclr.config.ConfigKey;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.train.LoopConfig;
import io.snclr.train.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an experiment: every cell its tables need that has no result record yet (in this process, resumable), then
 * its page from the records alone.
 */
public final class Ablation {
    private Ablation() {}

    /**
     * @param recipe the configuration the cells start from, before the experiment's settings (the experiment's own
     *     recipe, or the defaults, as the caller resolved it)
     * @return the page written
     */
    public static Path run(Experiment e, RunConfig recipe) {
        RunConfig base = RunConfigs.override(recipe, e.set(), "experiment: ");
        base = base.withLoop(base.loop()
                .withMaxSteps(0)
                .withCheckpoints(1, base.loop().checkpointMinutes())
                .withProgress(Progress.OFF, LoopConfig.DEFAULT.logEvery())
                .withStopOnCollapse(false));
        Grid grid = new Grid(base, e.everyMethod(), e.cells(), e.records());
        TableMaker maker = new TableMaker(
                grid,
                e.methods(),
                e.reference(),
                e.seeds(),
                placeholders(grid, e),
                e.benchSteps(),
                e.cells().resolve("bench"));
        List<TableMaker.Made> made = new ArrayList<>();
        for (String id : e.tables()) made.add(maker.make(PaperTables.byId(id)));
        return ResultsPage.write(e.page(), Budget.describe(grid, e), made, e.tables());
    }

    /** Every setting of an SNCLR cell by flag name, and the reference method: what titles and labels may name. */
    private static Map<String, Object> placeholders(Grid grid, Experiment e) {
        var tree = RunConfigs.toJson(
                grid.config(new Cell("values", "snclr", e.seeds().get(0))));
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConfigKey k : RunConfigs.keys()) {
            var v = tree.path(k.section()).path(k.field());
            if (v.isMissingNode() || v.isNull()) continue;
            out.put(k.flag(), v.isIntegralNumber() ? (Object) v.asLong() : v.isNumber() ? v.asDouble() : v.asText());
        }
        out.put("reference", e.reference());
        return out;
    }
}
