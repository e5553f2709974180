package io.snclr.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.snclr.augment.ViewsConfig;
import io.snclr.data.DataConfig;
import io.snclr.engine.Device;
import io.snclr.engine.EngineConfig;
import io.snclr.eval.EvalConfig;
import io.snclr.method.HeadConfig;
import io.snclr.method.MethodConfig;
import io.snclr.method.MethodFactory;
import io.snclr.method.MethodOptions;
import io.snclr.method.Methods;
import io.snclr.model.EncoderConfig;
import io.snclr.train.LoopConfig;
import io.snclr.train.OptimConfig;
import io.snclr.train.ScheduleConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The run configuration as a JSON tree, one object per section: how the typed records are written and bound back,
 * with errors that name the flag or key. Every default is the records' own.
 */
final class ConfigTrees {
    static final String METHOD = "method";
    static final String NAME = "name";
    /** Sections in file order, with their record types (the method section is bound by the registry). */
    static final Map<String, Class<?>> SECTIONS = sections();
    /** Flags whose name is not the field's own. */
    static final Map<String, String> FLAG_OF_PATH = Map.of(
            "data.source",
            "data",
            "data.fashion-mnist-dir",
            "data-dir",
            "data.test-source",
            "test-data",
            "encoder.name",
            "encoder",
            "heads.projector-hidden",
            "proj-hidden",
            "heads.predictor-hidden",
            "pred-hidden",
            "method.name",
            "method",
            "views.preset",
            "views");

    static final ObjectMapper MAPPER = configured(JsonMapper.builder()).build();
    static final ObjectMapper YAML = configured(YAMLMapper.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .build();

    private ConfigTrees() {}

    /** The configuration as a JSON tree (what config.yaml holds): for records and comparisons. */
    static JsonNode toJson(RunConfig c) {
        return toTree(c);
    }

    static ObjectNode toTree(RunConfig c) {
        ObjectNode t = MAPPER.createObjectNode();
        t.set("data", MAPPER.valueToTree(c.data()));
        t.set("views", MAPPER.valueToTree(c.views()));
        t.set("encoder", MAPPER.valueToTree(c.encoder()));
        t.set("heads", MAPPER.valueToTree(c.heads()));
        t.set(METHOD, methodNode(c.method().name(), c.method().options()));
        t.set("optim", MAPPER.valueToTree(c.optim()));
        t.set("schedule", MAPPER.valueToTree(c.schedule()));
        t.set("eval", MAPPER.valueToTree(c.eval()));
        t.set("loop", MAPPER.valueToTree(c.loop()));
        t.set("engine", MAPPER.valueToTree(c.engine()));
        return t;
    }

    static ObjectNode methodNode(String name, MethodOptions options) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(NAME, name);
        n.setAll((ObjectNode) MAPPER.valueToTree(options));
        return n;
    }

    static RunConfig fromTree(ObjectNode t, String source) {
        ObjectNode m = ((ObjectNode) t.get(METHOD)).deepCopy();
        String name = m.remove(NAME).asText();
        MethodFactory<?> f = Methods.byName(name);
        return new RunConfig(
                bind(t, "data", DataConfig.class, source),
                bind(t, "views", ViewsConfig.class, source),
                bind(t, "encoder", EncoderConfig.class, source),
                bind(t, "heads", HeadConfig.class, source),
                new MethodConfig(name, bind(m, METHOD, f.optionsType(), source)),
                bind(t, "optim", OptimConfig.class, source),
                bind(t, "schedule", ScheduleConfig.class, source),
                bind(t, "eval", EvalConfig.class, source),
                bind(t, "loop", LoopConfig.class, source),
                bind(t, "engine", EngineConfig.class, source));
    }

    private static <T> T bind(JsonNode parent, String section, Class<T> type, String source) {
        JsonNode node = section.equals(METHOD) && !parent.has(METHOD) ? parent : parent.get(section);
        try {
            return MAPPER.treeToValue(node, type);
        } catch (ValueInstantiationException e) {
            // the record's own validation: its message names the flag
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(source + cause.getMessage());
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException(source + "--" + flagOf(section + "." + field(e)) + ": expected "
                    + describe(e.getTargetType()) + ", got '" + e.getValue() + "'");
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(source + "unknown key '" + section + "." + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(source + "--" + flagOf(section + "." + field(e)) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("bad value"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(JsonMappingException e) {
        return e.getPath().isEmpty()
                ? "?"
                : e.getPath().get(e.getPath().size() - 1).getFieldName();
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class)
            return "a whole number";
        if (type == double.class || type == Double.class) return "a finite number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type.isEnum()) {
            TreeSet<String> names = new TreeSet<>();
            for (Object c : type.getEnumConstants()) names.add(c.toString().toLowerCase(Locale.ROOT));
            return "one of " + names;
        }
        return type.getSimpleName();
    }

    /** A record component's name as its configuration key: blurSigmaMin → blur-sigma-min. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    static String flagOf(String path) {
        return FLAG_OF_PATH.getOrDefault(path, path.substring(path.indexOf('.') + 1));
    }

    static List<String> fieldsOf(Object value) {
        List<String> names = new ArrayList<>();
        ((ObjectNode) MAPPER.valueToTree(value)).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, Class<?>> sections() {
        Map<String, Class<?>> s = new LinkedHashMap<>();
        s.put("data", DataConfig.class);
        s.put("views", ViewsConfig.class);
        s.put("encoder", EncoderConfig.class);
        s.put("heads", HeadConfig.class);
        s.put(METHOD, MethodOptions.class);
        s.put("optim", OptimConfig.class);
        s.put("schedule", ScheduleConfig.class);
        s.put("eval", EvalConfig.class);
        s.put("loop", LoopConfig.class);
        s.put("engine", EngineConfig.class);
        return Collections.unmodifiableMap(s);
    }

    /** Jackson's reading of a number, refusing NaN and ±Infinity: no setting has a use for them. */
    private static JsonDeserializer<Double> finite(JsonDeserializer<Double> numbers) {
        return new JsonDeserializer<>() {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                Double v = numbers.deserialize(p, ctx);
                if (v != null && !Double.isFinite(v)) {
                    throw InvalidFormatException.from(p, "not a finite number", v, Double.class);
                }
                return v;
            }
        };
    }

    private static <B extends MapperBuilder<?, B>> B configured(B builder) {
        // as strict as the flags: a key given twice is an error, and 1.5 is not an epoch count
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        SimpleModule values = new SimpleModule("snclr-values");
        values.addSerializer(Path.class, new ToStringSerializer(Path.class));
        values.addDeserializer(Path.class, new JsonDeserializer<>() {
            @Override
            public Path deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return Path.of(p.getValueAsString());
            }
        });
        values.addSerializer(Device.class, new ToStringSerializer(Device.class));
        values.addDeserializer(Device.class, new JsonDeserializer<>() {
            @Override
            public Device deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return Device.parse(p.getValueAsString());
            }
        });
        values.addDeserializer(Double.class, finite(new NumberDeserializers.DoubleDeserializer(Double.class, null)));
        values.addDeserializer(double.class, finite(new NumberDeserializers.DoubleDeserializer(double.class, 0.0)));
        // only record components are settings: helpers such as isVit() are not
        return builder.addModule(values)
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
