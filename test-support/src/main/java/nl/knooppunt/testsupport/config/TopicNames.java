package nl.knooppunt.testsupport.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import nl.knooppunt.standard.kafka.Topics;

/**
 * The topic names a service's {@code application.properties} gives its messaging channels, checked against
 * {@link Topics}, the one place where topic names are defined.
 */
public final class TopicNames {

    private static final String PREFIX = "mp.messaging.";
    private static final String SUFFIX = ".topic";

    private TopicNames() {
    }

    /** Every topic name {@link Topics} defines. */
    public static Set<String> defined() {
        return Stream.of(Topics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(TopicNames::value).collect(Collectors.toSet());
    }

    /** The channels of {@code application.properties} on the classpath and the topic each names (any profile). */
    public static Map<String, String> configured() {
        Properties properties = new Properties();
        try (InputStream in = TopicNames.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("no application.properties on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> topics = new TreeMap<>();
        properties.stringPropertyNames().stream()
                .filter(k -> k.replaceFirst("^%[^.]+\\.", "").startsWith(PREFIX) && k.endsWith(SUFFIX))
                .forEach(k -> topics.put(k, properties.getProperty(k).trim()));
        return topics;
    }

    /** The configured channels whose topic {@link Topics} does not define (empty when all is well). */
    public static Map<String, String> undefined() {
        Set<String> defined = defined();
        Map<String, String> wrong = new TreeMap<>(configured());
        wrong.values().removeIf(defined::contains);
        return wrong;
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
