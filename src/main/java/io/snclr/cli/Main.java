package io.snclr.cli;

import io.snclr.data.DataFormatException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code snclr} command line. */
@Command(name = "snclr", mixinStandardHelpOptions = true, version = "snclr 0.1.0",
        description = "Self-supervised contrastive pre-training of visual encoders (SNCLR, MoCo v3) on the JVM.",
        subcommands = {PretrainCommand.class, KnnCommand.class, LinearCommand.class, FinetuneCommand.class, AblateCommand.class,
            NeighborsCommand.class, TsneCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        PrintWriter err = cl.getErr();
        try {
            YamlDefaults defaults = defaultsFor(args);
            if (defaults != null) cl.setDefaultValueProvider(defaults);
        } catch (IllegalArgumentException e) {
            err.println("snclr: error: " + e.getMessage());
            return 2;
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("snclr " + ex.getCommandLine().getCommandName() + ": "
                    + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof DataFormatException
                    || ex instanceof UncheckedIOException || ex instanceof IllegalStateException) {
                cmd.getErr().println("snclr " + cmd.getCommandName() + ": error: " + ex.getMessage());
                return ex instanceof IllegalStateException ? 1 : 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** The YAML defaults named by --config, or those of the run being resumed (--resume DIR). */
    private static YamlDefaults defaultsFor(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--config=")) return YamlDefaults.read(Path.of(a.substring(9)));
            if (a.equals("--config") && i + 1 < args.length) return YamlDefaults.read(Path.of(args[i + 1]));
        }
        boolean neighbors = args.length > 0 && args[0].equals("neighbors"); // the run's own settings are its defaults
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (neighbors && (a.equals("--run") || a.startsWith("--run="))) {
                a = a.equals("--run") ? "--resume" : "--resume=" + a.substring(6);
            }
            String dir = a.startsWith("--resume=") ? a.substring(9)
                    : (a.equals("--resume") && i + 1 < args.length) ? args[i + 1] : null;
            if (dir != null) {
                Path cfg = Path.of(dir).resolve("config.yaml");
                if (!cfg.toFile().isFile()) throw new IllegalArgumentException((neighbors ? "--run " : "--resume ") + dir + ": no config.yaml there");
                return YamlDefaults.read(cfg);
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
