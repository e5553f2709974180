package io.snclr.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snclr.augment.ViewConfig;
import io.snclr.method.Methods;
import io.snclr.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of a run as the run will use it, by flag name: the values the recipe leaves to the backbone or the
 * method (null in the configuration: learning rate, temperature, heads' depth, momentum schedule, views, the probe's
 * learning rate) resolved. What {@code snclr recipes --show} prints and what docs/recipes.md is checked against.
 * The two views' values are named {@code first.<setting>} and {@code second.<setting>}.
 */
public final class EffectiveSettings {
    private EffectiveSettings() {}

    public static Map<String, String> of(RunConfig c) {
        boolean vit = c.encoder().isVit();
        TrainConfig train = c.train();
        ObjectNode tree = ConfigTrees.toTree(c);
        ObjectNode method =
                (ObjectNode) ConfigTrees.MAPPER.valueToTree(c.method().options().resolvedFor(vit));
        tree.get(ConfigTrees.METHOD).fields().forEachRemaining(e -> {
            if (method.has(e.getKey()))
                ((ObjectNode) tree.get(ConfigTrees.METHOD)).set(e.getKey(), method.get(e.getKey()));
        });
        if (c.data().isFashionMnist()) { // its files are 28×28 grayscale: --image-size and --channels do not apply
            put(tree, "data", "image-size", 28);
            put(tree, "data", "channels", 1);
        }
        put(tree, "optim", "lr", train.lrPer256());
        put(tree, "optim", "weight-decay", train.weightDecay());
        put(tree, "schedule", "momentum-schedule", train.momentumShape().name().toLowerCase(java.util.Locale.ROOT));
        put(tree, "heads", "projector-layers", c.heads().projectorLayersFor(vit));
        put(tree, "heads", "predictor-last-bn", c.heads().predictorLastBnFor(vit));
        put(tree, "heads", "projector-last-bn", c.heads().projectorLastBnOrRecipe());
        put(tree, "eval", "linear-lr", c.eval().linearLrFor(vit));
        if (vit && c.encoder().patch() == null) {
            put(tree, "encoder", "patch", c.data().imageSize() < 64 ? 4 : 16);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey k : RunConfigs.keys()) {
            JsonNode v = tree.path(k.section()).path(k.field());
            if (v.isMissingNode()) continue;
            if (k.section().equals("views")
                    && (k.field().equals("first") || k.field().equals("second"))) continue;
            out.put(k.flag(), v.isNull() ? "recipe" : v.asText());
        }
        var recipe = Methods.byName(c.methodName()).views();
        out.put(
                "views",
                c.views().preset() != null
                        ? c.views().preset().toString()
                        : recipe.preset().toString());
        ViewConfig[] views = c.views().resolve(recipe, vit);
        out.put("crop-min", text(views[0].cropScaleMin()));
        for (int i = 0; i < 2; i++) {
            ObjectNode v = ConfigTrees.MAPPER.valueToTree(views[i]);
            String prefix = i == 0 ? "first." : "second.";
            v.fields()
                    .forEachRemaining(
                            e -> out.put(prefix + e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static void put(ObjectNode tree, String section, String field, Object value) {
        ((ObjectNode) tree.get(section)).set(field, ConfigTrees.MAPPER.valueToTree(value));
    }

    private static String text(double v) {
        return ConfigTrees.MAPPER.valueToTree(v).asText();
    }
}
