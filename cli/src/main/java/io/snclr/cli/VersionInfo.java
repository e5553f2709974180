package io.snclr.cli;

import io.snclr.engine.EngineInfo;
import io.snclr.files.BuildInfo;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.IVersionProvider;

/** {@code snclr --version}: this build's version, then libtorch's, the CPU's vector extensions and CUDA. */
final class VersionInfo implements IVersionProvider {
    /** The version Maven wrote into the jar. */
    static String version() {
        return BuildInfo.version();
    }

    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>();
        lines.add("snclr " + version() + " (Java " + Runtime.version() + ")");
        lines.addAll(EngineInfo.probe().lines());
        return lines.toArray(String[]::new);
    }
}
