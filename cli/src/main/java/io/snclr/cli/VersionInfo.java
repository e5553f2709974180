package io.snclr.cli;

import io.snclr.engine.EngineInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code snclr --version}: this build's version, then libtorch's, the CPU's vector extensions and CUDA. */
final class VersionInfo implements IVersionProvider {
    /** The version Maven wrote into the jar. */
    static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("/io/snclr/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>();
        lines.add("snclr " + version() + " (Java " + Runtime.version() + ")");
        lines.addAll(EngineInfo.probe().lines());
        return lines.toArray(String[]::new);
    }
}
