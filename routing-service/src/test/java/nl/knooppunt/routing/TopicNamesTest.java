package nl.knooppunt.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.knooppunt.testsupport.config.TopicNames;

/** Every topic routing-service's application.properties names is one of {@code Topics}. */
class TopicNamesTest {

    @Test
    void everyConfiguredTopicIsDefinedInTopics() {
        assertFalse(TopicNames.configured().isEmpty(), "application.properties names no topic");
        assertEquals(Map.of(), TopicNames.undefined());
    }
}
