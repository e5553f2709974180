package io.snclr.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java programs in docs/encoder.md are the examples' code, letter for letter: the test command builds and runs
 * the examples (examples/run), so every program the manual shows compiles against the installed artifacts.
 */
class DocSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(package com\\.example.*?)```", Pattern.DOTALL);

    @Test
    void theManualsJavaProgramsAreTheExamples() throws IOException {
        List<String> documented = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(Files.readString(Path.of("../docs/encoder.md")));
        while (m.find()) documented.add(m.group(1));
        List<String> examples = new ArrayList<>();
        for (String main : List.of(
                "train/src/main/java/com/example/train/TrainAFewSteps.java",
                "embed-search/src/main/java/com/example/search/EmbedAndSearch.java")) {
            examples.add(Files.readString(Path.of("../examples", main)));
        }
        assertEquals(examples, documented);
        try (Stream<Path> all = Files.walk(Path.of("../examples"))) {
            assertEquals(
                    3, all.filter(p -> p.toString().endsWith(".java")).count(), "a new example goes in the manual");
        }
    }
}
