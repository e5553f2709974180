package io.snclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.engine.PickledState;
import io.snclr.experiments.CellResult;
import io.snclr.method.NeighborPrecision;
import io.snclr.method.snclr.Snclr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * linear, finetune and ablate from the command line on a tiny budget; ablate skips what is finished and regenerates
 * its page from the result records alone.
 */
class EvaluationCliTest {
    private static final String[] TINY = {
        "--limit",
        "256",
        "--epochs",
        "1",
        "--width",
        "0.0625",
        "--batch-size",
        "32",
        "--queue",
        "256",
        "--neighbors",
        "5"
    };

    @Test
    void linearFinetuneAndAResumableGrid(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid"), records = tmp.resolve("records");
        Path results = tmp.resolve("results.md");
        String[] ablate = Args.concat(
                new String[] {
                    "ablate",
                    "--tables",
                    "tab7,tab6,similarity,tab4-seeds",
                    "--methods",
                    "snclr,spcl",
                    "--seeds",
                    "3",
                    "--linear-epochs",
                    "2",
                    "--bench-steps",
                    "1",
                    "--out",
                    grid.toString(),
                    "--records",
                    records.toString(),
                    "--results",
                    results.toString()
                },
                TINY);
        assertEquals(0, Main.run(ablate));
        String page = Files.readString(results);
        assertTrue(page.contains("## Tab. 7: where neighbours act"), page);
        assertTrue(page.contains("| negatives only |"), page);
        assertTrue(page.contains("## Tab. 6: queue overhead"), page);
        assertTrue(page.contains("## Tab. 4 over seeds: none, binary and soft neighbours (K = 5)"), page);
        assertTrue(
                page.contains("| neighbours, binary | 3 |") && page.contains("| no neighbours (MoCo v3) | 3 |"), page);
        assertTrue(Files.isRegularFile(records.resolve("snclr_positiveness-binary_seed3.json")));
        assertTrue(page.contains("| spcl |") && page.contains("![similarity curves](results-similarity.png)"), page);
        assertTrue(Files.size(tmp.resolve("results-similarity.png")) > 5_000, "the TP/FN chart is a real PNG");
        assertTrue(Files.readString(grid.resolve("spcl_seed3").resolve("metrics.jsonl"))
                .contains("\"prototype_nmi\""));
        assertTrue(
                Files.readString(grid.resolve("spcl_seed3").resolve("metrics.jsonl"))
                        .contains("\"tp_sim_proj\""),
                "SPCL also measures its view similarities on the projections");
        Path cell = grid.resolve("snclr_seed3");
        long metricsBefore = Files.size(cell.resolve("metrics.jsonl"));
        assertTrue(Files.readString(records.resolve("snclr_neighbor-side-negative_seed3.json"))
                .contains("\"linearTop1\""));
        assertTrue(Files.isRegularFile(tmp.resolve("results-tab7.csv")));

        assertEquals(0, Main.run(ablate)); // everything finished: nothing re-runs
        assertEquals(metricsBefore, Files.size(cell.resolve("metrics.jsonl")));

        // on another machine: only the records, no cells; the same tables come back without training
        Path elsewhere = tmp.resolve("elsewhere.md");
        String[] fromRecords = Args.concat(
                new String[] {
                    "ablate",
                    "--tables",
                    "tab7,similarity",
                    "--methods",
                    "snclr,spcl",
                    "--seeds",
                    "3",
                    "--linear-epochs",
                    "2",
                    "--out",
                    tmp.resolve("no-cells").toString(),
                    "--records",
                    records.toString(),
                    "--results",
                    elsewhere.toString()
                },
                TINY);
        assertEquals(0, Main.run(fromRecords));
        assertTrue(Files.notExists(tmp.resolve("no-cells")), "nothing was trained");
        String again = Files.readString(elsewhere);
        assertTrue(again.contains(section(page, "## Tab. 7")), again);
        assertTrue(again.contains(section(page, "## View similarity")), again);

        // the neighbour diagnostics are the records' per-epoch curves; one epoch here, so give it neighbour values
        for (String id : new String[] {"snclr_seed3", "snclr_positiveness-binary_seed3"}) {
            Path file = records.resolve(id + ".json");
            CellResult r = CellResult.read(file);
            Map<String, Double> epoch = new HashMap<>(r.epochs().get(0));
            epoch.putAll(Map.of(
                    NeighborPrecision.KEY,
                    id.contains("binary") ? 0.25 : 0.5,
                    Snclr.POSITIVENESS_ENTROPY,
                    1.5,
                    Snclr.SELF_NEIGHBORS_EXCLUDED,
                    0.01));
            new CellResult(r.id(), r.label(), r.config(), r.knnTop1(), r.linearTop1(), r.trainSeconds(), List.of(epoch))
                    .write(file);
        }
        Path curves = tmp.resolve("curves.md");
        assertEquals(
                0,
                Main.run(Args.concat(
                        new String[] {
                            "ablate",
                            "--tables",
                            "neighbour-curves",
                            "--seeds",
                            "3",
                            "--linear-epochs",
                            "2",
                            "--out",
                            tmp.resolve("no-cells").toString(),
                            "--records",
                            records.toString(),
                            "--results",
                            curves.toString()
                        },
                        TINY)));
        String diagnostics = Files.readString(curves);
        assertTrue(
                diagnostics.contains("## Neighbour precision and positiveness entropy per epoch (K = 5, ln K = 1.609)"),
                diagnostics);
        assertTrue(
                diagnostics.contains("| binary | 1 | 0.250 ± 0.000 | 1.500 | 0.010 |")
                        && diagnostics.contains("| soft, temperature 1 | 1 | 0.500 ± 0.000 | 1.500 | 0.010 |"),
                diagnostics);
        assertTrue(diagnostics.contains("![positiveness entropy](curves-positiveness-entropy.png)"), diagnostics);
        assertTrue(Files.size(tmp.resolve("curves-neighbour-precision.png")) > 5_000, "a real PNG");
        assertTrue(Files.notExists(tmp.resolve("no-cells")), "nothing was trained");

        Path report = tmp.resolve("linear-augment.json");
        // linear and finetune read the run's own data settings from its config.yaml; flags still win
        assertEquals(
                0,
                Main.run(
                        "linear",
                        "--run",
                        cell.toString(),
                        "--limit",
                        "256",
                        "--test-limit",
                        "200",
                        "--mode",
                        "augment",
                        "--epochs",
                        "1",
                        "--report",
                        report.toString()));
        assertTrue(Files.readString(report).contains("\"augment\""));

        assertEquals(
                0,
                Main.run(
                        "finetune",
                        "--run",
                        cell.toString(),
                        "--limit",
                        "256",
                        "--test-limit",
                        "200",
                        "--labels",
                        "10%",
                        "--epochs",
                        "1",
                        "--seed",
                        "4"));
        Path indices = cell.resolve("finetune-10pct-seed4").resolve("labelled-indices.txt");
        assertEquals(26, Files.readAllLines(indices).size(), "10% of 256, class-balanced");
        assertEquals(
                2,
                Main.run("finetune", "--run", cell.toString(), "--limit", "256", "--labels", "10%", "--seed", "4"),
                "an existing result is not overwritten");

        // export, then start from the export: fine-tuning and pre-training take --init-from
        Path pth = tmp.resolve("enc.pth");
        String said = CliCapture.stdout(
                "export", "--run", cell.toString(), "--format", "torchvision", "--out", pth.toString());
        assertTrue(
                said.contains("torchvision.models.resnet18()") && said.contains("load_state_dict(sd, strict=False)"),
                said);
        assertTrue(CliCapture.stdout("export", "--run", cell.toString(), "--format", "torchscript")
                .contains("torch.jit.load"));
        assertTrue(Files.isRegularFile(cell.resolve("encoder-torchscript.pt")));
        assertEquals(
                2,
                Main.run("export", "--run", cell.toString(), "--out", pth.toString()),
                "an export is not overwritten");
        CliCapture.Outcome wrong = CliCapture.run("finetune", "--run", cell.toString(), "--width", "0.5");
        assertEquals("snclr finetune: error: --width: the encoder of --run " + cell + " is used as saved", wrong.err());
        Path fromFile = tmp.resolve("ft-from-file");
        assertEquals(
                0,
                Main.run(
                        "finetune",
                        "--init-from",
                        pth.toString(),
                        "--width",
                        "0.0625",
                        "--limit",
                        "256",
                        "--test-limit",
                        "200",
                        "--labels",
                        "10%",
                        "--epochs",
                        "1",
                        "--seed",
                        "4",
                        "--out",
                        fromFile.toString()));
        assertTrue(Files.isRegularFile(fromFile.resolve("summary.json")));
        CliCapture.Outcome mismatch = CliCapture.run(
                "pretrain",
                "--init-from",
                pth.toString(),
                "--width",
                "0.125",
                "--limit",
                "256",
                "--epochs",
                "1",
                "--out",
                tmp.resolve("mismatch").toString());
        assertEquals(2, mismatch.code());
        assertTrue(
                mismatch.err()
                        .contains(
                                pth
                                        + ": 'conv1.weight' has shape [4, 1, 3, 3], a resnet18 x0.125 (CIFAR stem, 1 channel) expects [8, 1, 3, 3]"),
                mismatch.err());
        Path started = tmp.resolve("started"), reexported = tmp.resolve("again.pth");
        assertEquals(
                0,
                Main.run(
                        "pretrain",
                        "--init-from",
                        pth.toString(),
                        "--width",
                        "0.0625",
                        "--limit",
                        "256",
                        "--epochs",
                        "0",
                        "--out",
                        started.toString()));
        CliCapture.stdout("export", "--run", started.toString(), "--out", reexported.toString());
        var exported = PickledState.read(pth);
        var restarted = PickledState.read(reexported);
        assertEquals(exported.keySet(), restarted.keySet());
        exported.forEach((k, v) -> assertTrue(v.equal(restarted.get(k)), "pre-training starts from the file: " + k));
    }

    /** The table rows of a Markdown section, up to the next heading. */
    private static String section(String page, String heading) {
        int start = page.indexOf(heading);
        int end = page.indexOf("\n## ", start + 1);
        return page.substring(start, end < 0 ? page.length() : end)
                .lines()
                .filter(l -> l.startsWith("|"))
                .collect(Collectors.joining("\n"));
    }
}
