package io.snclr.cli;

import io.snclr.data.DataFormatException;
import io.snclr.engine.Engine;
import io.snclr.files.DiskErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code snclr} command line. */
@Command(
        name = "snclr",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Self-supervised contrastive pre-training of visual encoders on the JVM: SNCLR, SPCL and the "
                + "baselines they compare against (MoCo v3, BYOL, SimCLR, NNCLR); evaluation, export, search.",
        subcommands = {
            PretrainCommand.class,
            KnnCommand.class,
            LinearCommand.class,
            FinetuneCommand.class,
            AblateCommand.class,
            NeighborsCommand.class,
            TsneCommand.class,
            EmbedCommand.class,
            IndexCommand.class,
            SearchCommand.class,
            ServeCommand.class,
            DedupCommand.class,
            SelectCommand.class,
            MapCommand.class,
            DoctorCommand.class,
            IndexBenchCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            RecipesCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    static {
        Engine.configureJavaCpp(); // before any class of the presets loads
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 bad usage or input, 3 a pre-training run stopped
     * because it collapsed ({@code --stop-on-collapse}); 130/143 after SIGINT/SIGTERM.
     */
    public static int run(String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cl = new CommandLine(new Main());
        cl.setOverwrittenOptionsAllowed(true);
        cl.setCaseInsensitiveEnumValuesAllowed(true); // a flag given twice: the last one wins, as in most tools
        cl.registerConverter(Double.class, Main::finite); // NaN and Infinity mean nothing to any option
        cl.registerConverter(double.class, Main::finite);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof RunSettings r) RunOptions.addTo(sub.getCommandSpec(), r.sections());
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            List<String> near = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
            err.println("snclr " + ex.getCommandLine().getCommandName() + ": " + ex.getMessage()
                    + (near.isEmpty()
                            ? ""
                            : "; did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?")
                    + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (debug) ex.printStackTrace(cmd.getErr());
            // a path that cannot be created, read or written: the user's to fix, said in words
            IOException io = ex instanceof IOException e
                    ? e
                    : ex instanceof UncheckedIOException u
                                    && String.valueOf(u.getMessage()).equals(String.valueOf(u.getCause()))
                            ? u.getCause()
                            : null;
            if (io != null) {
                cmd.getErr().println("snclr " + cmd.getCommandName() + ": error: " + DiskErrors.reason(io));
                return 2;
            }
            if (ex instanceof IllegalArgumentException
                    || ex instanceof DataFormatException
                    || ex instanceof UncheckedIOException
                    || ex instanceof IllegalStateException) {
                cmd.getErr().println("snclr " + cmd.getCommandName() + ": error: " + ex.getMessage());
                return ex instanceof IllegalStateException ? 1 : 2;
            }
            cmd.getErr()
                    .println("snclr " + cmd.getCommandName() + ": internal error: " + ex
                            + (debug ? "" : " (run again with --debug for the stack trace)"));
            return 1;
        });
        return cl.execute(rest);
    }

    private static Double finite(String text) {
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number");
        return v;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
