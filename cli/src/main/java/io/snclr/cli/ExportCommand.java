package io.snclr.cli;

import io.snclr.engine.Device;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderExport;
import io.snclr.model.Preprocessing;
import io.snclr.model.WeightFormat;
import io.snclr.rundir.EncoderFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr export}: a run's backbone as a state_dict (torch.save, safetensors), TorchScript or ONNX file. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Write a run's trained backbone for use outside snclr — a torch.save state_dict or a safetensors "
                + "file with torchvision or timm parameter names, a TorchScript module, or an ONNX graph — and print "
                + "the Python lines that prepare an image as the run did and load it.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Option(
            names = "--format",
            defaultValue = "torchvision",
            description =
                    "torchvision (ResNets), timm (ViTs and ResNets), safetensors (the same state_dict in the hubs' "
                            + "format), torchscript (a runnable module) or onnx (a graph for ONNX Runtime, DJL, Triton)")
    String format;

    @Option(
            names = "--normalization-in-graph",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "onnx: the graph takes pixels scaled to [0, 1] and normalises them with the run's mean and "
                    + "std itself (--no-normalization-in-graph: the caller normalises)")
    boolean normalizationInGraph;

    @Option(
            names = "--out",
            description = "the file to write (default: <run>/encoder-<format>.pth, encoder-torchscript.pt, "
                    + "encoder.safetensors or encoder.onnx)")
    Path out;

    @Override
    public Integer call() {
        WeightFormat f = WeightFormat.parse(format);
        Path file = out != null ? out : run.resolve(f.fileName());
        if (Files.exists(file)) throw new IllegalArgumentException("--out " + file + ": exists; choose another --out");
        EncoderFiles.Meta meta = EncoderFiles.readMeta(run);
        Encoder encoder = EncoderFiles.load(run, Device.CPU);
        Preprocessing prep = new Preprocessing(meta.mean(), meta.std(), meta.centerCropOrWhole());
        List<String> python = EncoderExport.write(encoder, meta.spec(), f, file, prep, normalizationInGraph);
        PrintWriter stdout = spec.commandLine().getOut();
        boolean inGraph = f == WeightFormat.ONNX && normalizationInGraph;
        stdout.printf(
                "wrote %s (%s, %s); %s. In Python:%n",
                file,
                meta.spec().describe(),
                switch (f) {
                    case TORCHSCRIPT -> "TorchScript module";
                    case ONNX -> "ONNX graph, opset 17, inputs 'image', outputs 'embedding' and 'features'";
                    default -> f.label() + " state_dict";
                },
                inGraph
                        ? "the graph takes pixels in [0, 1] and normalises them itself with mean "
                                + Arrays.toString(meta.mean()) + ", std " + Arrays.toString(meta.std())
                        : "inputs are normalised with mean " + Arrays.toString(meta.mean()) + ", std "
                                + Arrays.toString(meta.std()));
        python.forEach(line -> stdout.println("    " + line));
        return 0;
    }
}
