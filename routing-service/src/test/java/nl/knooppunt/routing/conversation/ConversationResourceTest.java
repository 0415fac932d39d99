package nl.knooppunt.routing.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class ConversationResourceTest {

    private static final String PATH = "/internal/v1/conversations";
    private static final UUID COUNSELLOR = UUID.randomUUID();
    private static final UUID CREDITOR = UUID.randomUUID();

    @Inject
    Pool pool;

    @Test
    void anyMessageLeadsToItsWholeConversationInOrderWithoutPayloads() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID request = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        insert(request, request, null, "statusverzoek", COUNSELLOR, CREDITOR, start);
        insert(first, request, request, "statusbericht", CREDITOR, COUNSELLOR, start.plusSeconds(1));
        insert(second, request, request, "geen-medewerking", CREDITOR, COUNSELLOR, start.plusSeconds(2));
        UUID other = UUID.randomUUID();
        insert(other, other, null, "statusverzoek", COUNSELLOR, CREDITOR, start.plusSeconds(3));

        for (UUID any : new UUID[] { request, first, second }) {
            given().auth().oauth2(ServiceTokens.portalApi("messages.read")).queryParam("message", any.toString())
                    .get(PATH).then().statusCode(200)
                    .body("conversationId", equalTo(request.toString()))
                    .body("messages.id", contains(request.toString(), first.toString(), second.toString()))
                    .body("messages.type", contains("statusverzoek", "statusbericht", "geen-medewerking"))
                    .body("messages[0].inReplyTo", nullValue())
                    .body("messages[1].inReplyTo", equalTo(request.toString()))
                    .body("messages[1].sender", equalTo(CREDITOR.toString()))
                    .body("messages[1].recipient", equalTo(COUNSELLOR.toString()))
                    .body("messages[0].module", equalTo("schuldregeling"))
                    .body("messages[0]", not(org.hamcrest.Matchers.hasKey("payload")));
        }
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).queryParam("message", other.toString())
                .get(PATH).then().statusCode(200).body("messages", hasSize(1));
    }

    @Test
    void unknownOrMalformedMessageIs404AndMissingParameter400() {
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).queryParam("message", UUID.randomUUID())
                .get(PATH).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).queryParam("message", "1 OR 1=1")
                .get(PATH).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).get(PATH).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("message"));
    }

    @Test
    void callerNeedsAServiceTokenWithMessagesRead() {
        String id = UUID.randomUUID().toString();
        given().queryParam("message", id).get(PATH).then().statusCode(401);
        given().auth().oauth2(ServiceTokens.portalApi("mailbox")).queryParam("message", id).get(PATH).then()
                .statusCode(403);
        given().auth().oauth2(ServiceTokens.forged("messages.read")).queryParam("message", id).get(PATH).then()
                .statusCode(401);
    }

    private void insert(UUID id, UUID conversation, UUID inReplyTo, String type, UUID sender, UUID recipient,
            Instant submittedAt) {
        OffsetDateTime at = submittedAt.atOffset(ZoneOffset.UTC);
        pool.preparedQuery("""
                INSERT INTO message (id, conversation_id, in_reply_to, module, type, sender, recipient, payload, status,
                                     submitted_at, delivered_at, acknowledged_at, expires_at)
                VALUES ($1, $2, $3, 'schuldregeling', $4, $5, $6, NULL, 'acknowledged', $7, $7, $7, $8)""")
                .execute(Tuple.from(new Object[] { id, conversation, inReplyTo, type, sender, recipient, at,
                        at.plusDays(5) }))
                .await().indefinitely();
    }
}
