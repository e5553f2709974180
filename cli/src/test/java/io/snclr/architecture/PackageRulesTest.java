package io.snclr.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package says in its package-info.java what it may import ("May import: a, b, c."); this holds the code to
 * it, so that the layering (data → augment → model → method → train → eval → cli) cannot erode unnoticed.
 */
class PackageRulesTest {
    /** The sources of every module: this test runs in the command line's module, beside the others. */
    private static final List<Path> ROOTS = Stream.of("../core", "../serve", ".")
            .map(m -> Path.of(m, "src/main/java/io/snclr").normalize())
            .toList();

    private static final Pattern RULE = Pattern.compile("May import: (.*?)\\.(?=\\s|$)", Pattern.DOTALL);
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?io\\.snclr\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);
    private static final Pattern ORG_BYTEDECO =
            Pattern.compile("^import (?:static )?(org\\.bytedeco\\.[\\w.]+);", Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyWhatItsPackageInfoAllows() throws IOException {
        Map<String, Set<String>> allowed = rules();
        List<String> broken = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = packageOf(file);
            assertTrue(allowed.containsKey(pkg), pkg + " has no package-info.java saying what it may import");
            Set<String> may = allowed.get(pkg);
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String used = m.group(1);
                if (used.equals(pkg) || may.contains("*") || may.contains(used)) continue;
                if (used.contains(".") && may.contains(used.substring(0, used.indexOf('.')) + ".*")) continue;
                broken.add(file + " imports io.snclr." + used);
            }
        }
        assertEquals(List.of(), broken, "imports their package-info.java does not allow");
    }

    /** JavaCPP plumbing lives in engine; elsewhere code sees tensors and modules only. */
    @Test
    void outsideTheEngineOnlyTensorsAndModulesOfTheBindingsAreUsed() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : javaFiles()) {
            if (packageOf(file).equals("engine")) continue;
            Matcher m = ORG_BYTEDECO.matcher(Files.readString(file));
            while (m.find()) {
                String type = m.group(1);
                boolean allowed = type.equals("org.bytedeco.pytorch.Tensor")
                        || type.equals("org.bytedeco.pytorch.Module")
                        || (type.startsWith("org.bytedeco.pytorch.") && type.endsWith("Impl"));
                if (!allowed) outside.add(file + " imports " + type);
            }
        }
        assertEquals(List.of(), outside, "binding types used outside engine");
    }

    private static Map<String, Set<String>> rules() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Path file : javaFiles()) {
            if (!file.getFileName().toString().equals("package-info.java")) continue;
            Matcher m = RULE.matcher(Files.readString(file));
            assertTrue(m.find(), file + ": no 'May import: ...' line");
            Set<String> may = new TreeSet<>();
            String list = m.group(1).replace("\n", " ").replace(" * ", " ").trim();
            if (list.equals("every package")) may.add("*");
            else if (!list.equals("nothing of io")) {
                for (String p : list.split(",")) may.add(p.trim());
            }
            out.put(packageOf(file), may);
        }
        return out;
    }

    private static String packageOf(Path file) {
        Path root = ROOTS.stream().filter(file::startsWith).findFirst().orElseThrow();
        return root.relativize(file.getParent()).toString().replace('/', '.');
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : ROOTS) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() > 300, "the sources of core, serve and cli: " + ROOTS);
        return files;
    }
}
