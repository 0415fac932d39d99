package nl.knooppunt.standard.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The message standard: every module and message type, with schemas and examples, read from the classpath. */
public final class Catalogue {

    private static final String ROOT = "standard/";
    private static final Catalogue STANDARD = load(new ObjectMapper());

    private final List<Module> modules;
    private final Map<String, MessageType> byKey;
    private final JsonNode shared;

    private Catalogue(List<Module> modules, JsonNode shared) {
        this.modules = List.copyOf(modules);
        this.shared = shared;
        Map<String, MessageType> index = new LinkedHashMap<>();
        modules.forEach(m -> m.messageTypes().forEach(t -> index.put(key(m.id(), t.type()), t)));
        this.byKey = Map.copyOf(index);
    }

    /** The standard as shipped in this library. */
    public static Catalogue standard() {
        return STANDARD;
    }

    /**
     * The shared schema ({@link SchemaBundler#SHARED_ID}): the definitions the message schemas share, written once.
     * {@link MessageType#schema()} is already bundled with what it needs of them.
     */
    public JsonNode sharedSchema() {
        return shared.deepCopy();
    }

    /** Every module, in catalogue order. */
    public List<Module> modules() {
        return modules;
    }

    /** The module with this id, if the standard has it. */
    public Optional<Module> module(String id) {
        return modules.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The message type of this module, if the standard has it. */
    public Optional<MessageType> messageType(String module, String type) {
        return Optional.ofNullable(byKey.get(key(module, type)));
    }

    private static String key(String module, String type) {
        return module + "/" + type;
    }

    private static Catalogue load(ObjectMapper mapper) {
        JsonNode root = readJson(mapper, ROOT + "catalogue.json");
        JsonNode shared = readJson(mapper, ROOT + "schemas/common.schema.json");
        SchemaBundler bundler = new SchemaBundler(shared);
        List<Module> modules = new ArrayList<>();
        for (JsonNode m : root.path("modules")) {
            String moduleId = m.path("id").asText();
            List<MessageType> types = new ArrayList<>();
            for (JsonNode t : m.path("messageTypes")) {
                String type = t.path("type").asText();
                Map<ParticipantKind, List<String>> attachments = new EnumMap<>(ParticipantKind.class);
                t.path("requiredAttachments").fields().forEachRemaining(e -> attachments.put(
                        kind(e.getKey(), type), strings(e.getValue())));
                types.add(new MessageType(moduleId, type, t.path("title").asText(), t.path("description").asText(),
                        kinds(t.path("senders"), type), kinds(t.path("recipients"), type), strings(t.path("answers")),
                        strings(t.path("answersTo")),
                        t.hasNonNull("replyPeriodWorkingDays") ? t.get("replyPeriodWorkingDays").asInt() : null,
                        t.path("multipleAnswers").asBoolean(false), t.path("closesConversation").asBoolean(false),
                        Collections.unmodifiableMap(attachments),
                        bundler.bundle(readJson(mapper, ROOT + "schemas/" + moduleId + "/" + type + ".schema.json")),
                        readJson(mapper, ROOT + "examples/" + moduleId + "/" + type + ".json")));
            }
            modules.add(new Module(moduleId, m.path("version").asText(), m.path("title").asText(),
                    m.path("description").asText(), kinds(m.path("participantKinds"), moduleId), List.copyOf(types)));
        }
        return new Catalogue(modules, shared);
    }

    private static List<ParticipantKind> kinds(JsonNode array, String where) {
        List<ParticipantKind> kinds = new ArrayList<>();
        array.forEach(k -> kinds.add(kind(k.asText(), where)));
        return List.copyOf(kinds);
    }

    private static ParticipantKind kind(String name, String where) {
        return ParticipantKind.fromApiName(name)
                .orElseThrow(() -> new IllegalStateException("unknown kind " + name + " in " + where));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    private static JsonNode readJson(ObjectMapper mapper, String resource) {
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing standard resource " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable standard resource " + resource, e);
        }
    }
}
