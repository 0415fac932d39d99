package nl.knooppunt.validation.participant;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

/**
 * Test stand-in for registry-service's startup re-publication: puts the demo participants on the participants topic
 * before the participant cache starts reading, as they are in the real hub.
 */
@ApplicationScoped
public class DemoParticipantsOnTopic {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        SnapshotTopic.publish(SnapshotTopic.gemeente(1), SnapshotTopic.energie(1));
    }
}
