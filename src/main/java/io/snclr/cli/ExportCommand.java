package io.snclr.cli;

import io.snclr.engine.Device;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderExport;
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

/** {@code snclr export}: a run's backbone as a state_dict file that torchvision / timm models load. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Write a run's trained backbone as a torch.save state_dict with torchvision or timm parameter "
                + "names (plain torch.load reads it), and print the Python lines that load it.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Option(
            names = "--format",
            defaultValue = "torchvision",
            description = "torchvision (ResNets), timm (ViTs and ResNets) or torchscript (a runnable module)")
    String format;

    @Option(
            names = "--out",
            description = "the file to write (default: <run>/encoder-<format>.pth, or encoder-torchscript.pt)")
    Path out;

    @Override
    public Integer call() {
        WeightFormat f = WeightFormat.parse(format);
        Path file = out != null ? out : run.resolve(f.fileName());
        if (Files.exists(file)) throw new IllegalArgumentException("--out " + file + ": exists; choose another --out");
        EncoderFiles.Meta meta = EncoderFiles.readMeta(run);
        Encoder encoder = EncoderFiles.load(run, Device.CPU);
        List<String> python = EncoderExport.write(encoder, meta.spec(), f, file);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                "wrote %s (%s, %s); inputs are normalised with mean %s, std %s. In Python:%n",
                file,
                meta.spec().describe(),
                f == WeightFormat.TORCHSCRIPT ? "TorchScript module" : f.label() + " state_dict",
                Arrays.toString(meta.mean()),
                Arrays.toString(meta.std()));
        python.forEach(line -> stdout.println("    " + line));
        return 0;
    }
}
