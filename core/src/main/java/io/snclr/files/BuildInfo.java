package io.snclr.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build of snclr, as Maven wrote it into the core's jar: what files record as the version that wrote them. */
public final class BuildInfo {
    private BuildInfo() {}

    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/snclr/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
