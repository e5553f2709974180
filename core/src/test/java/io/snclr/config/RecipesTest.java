package io.snclr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderSpec;
import io.snclr.model.ViTConfig;
import io.snclr.model.VitRecipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every shipped recipe, resolved as a run resolves it, has the values docs/recipes.md gives with their sources, and
 * builds its backbone; and the defaults are the official recipe of the method and backbone.
 */
class RecipesTest extends TorchTest {
    private static final Path DOC = Path.of("../docs/recipes.md"); // from the module beside docs/

    @Test
    void everyRecipeHasTheValuesOfItsTableInDocsRecipes() throws Exception {
        Map<String, List<String[]>> tables = tables(Files.readAllLines(DOC));
        List<String> wrong = new ArrayList<>();
        for (String name : Recipes.NAMES) {
            assertTrue(tables.containsKey(name), "docs/recipes.md has no table for " + name);
            assertTrue(tables.get(name).size() >= 4, name + ": a table of its settings");
            Map<String, String> effective = EffectiveSettings.of(Recipes.load(name));
            for (String[] row : tables.get(name)) {
                String setting = row[0], documented = row[1];
                String actual = effective.get(setting);
                if (actual == null) wrong.add(name + ": no setting '" + setting + "'");
                else if (!same(documented, actual)) {
                    wrong.add(name + ": " + setting + " is " + actual + ", the table says " + documented);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(Recipes.NAMES.size(), Recipes.list().size(), "every recipe is in the jar");
    }

    @Test
    void everyRecipeBuildsItsBackboneAndViTSmallHasTwelveHeads() {
        for (String name : Recipes.NAMES) {
            RunConfig c = Recipes.load(name);
            int size = c.data().isFashionMnist() ? 28 : c.data().imageSize();
            int channels = c.data().isFashionMnist() ? 1 : c.data().channels();
            EncoderSpec spec = c.encoder().spec(channels, size, size);
            Encoder e = spec.create();
            assertTrue(e.featureDim() > 0, name);
            e.module().close();
        }
        assertEquals(
                12,
                ViTConfig.preset("vit-small", 16, 224, 3, true, VitRecipe.MOCOV3)
                        .heads());
    }

    @Test
    void theDefaultsAreTheOfficialRecipes() {
        Map<String, String> snclr = EffectiveSettings.of(RunConfig.DEFAULT);
        assertEquals("128000", snclr.get("queue"));
        assertEquals("0", snclr.get("neighbor-warmup-epochs"));
        assertEquals("false", snclr.get("exclude-self"));
        assertEquals("1.0", snclr.get("temperature"), "MoCo v3's ResNet temperature");
        assertEquals("cosine", snclr.get("momentum-schedule"));
        assertEquals("0.2", snclr.get("crop-min"), "MoCo v3's ResNet crop");
        assertEquals("true", snclr.get("sync-bn"));
        Map<String, String> vit = EffectiveSettings.of(
                RunConfigs.override(RunConfig.DEFAULT, Map.of("method", "mocov3", "encoder", "vit-small"), ""));
        assertEquals("0.2", vit.get("temperature"), "MoCo v3's ViT temperature");
        assertEquals("0.08", vit.get("crop-min"));
        assertEquals("3.0", vit.get("linear-lr"));
        assertEquals(
                "simclr",
                EffectiveSettings.of(RunConfigs.override(RunConfig.DEFAULT, Map.of("method", "simclr"), ""))
                        .get("views"));
    }

    /** recipe name → rows (setting, value) of its table. */
    private static Map<String, List<String[]>> tables(List<String> lines) {
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        String section = null;
        for (String line : lines) {
            if (line.startsWith("## ")) section = line.substring(3).trim();
            else if (section != null
                    && line.startsWith("| ")
                    && !line.startsWith("| setting")
                    && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                if (cells.length < 3) continue;
                out.computeIfAbsent(section, k -> new ArrayList<>())
                        .add(new String[] {cells[1].trim().replace("`", ""), cells[2].trim()});
            }
        }
        out.keySet().removeIf(k -> !Recipes.NAMES.contains(k));
        return out;
    }

    private static boolean same(String documented, String actual) {
        try {
            return Double.parseDouble(documented) == Double.parseDouble(actual);
        } catch (NumberFormatException e) {
            return documented.equalsIgnoreCase(actual);
        }
    }
}
