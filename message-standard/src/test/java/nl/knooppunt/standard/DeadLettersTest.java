package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.standard.kafka.DeadLetters;

/** Dead letters keep metadata and a digest, never the payload. */
class DeadLettersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRecordKeepsItsEnvelopeAndLosesItsPayload() throws Exception {
        String record = "{\"envelope\":{\"messageId\":\"m-1\",\"type\":\"saldoverzoek\"},\"payload\":\"eyJhbGciOiJkaXIi"
                + ".secret.ciphertext\",\"assertion\":\"a.b.c\"}";
        JsonNode dead = JSON.readTree(DeadLetters.redact(record));
        assertEquals("m-1", dead.at("/record/envelope/messageId").asText());
        assertEquals("a.b.c", dead.at("/record/assertion").asText());
        assertTrue(dead.at("/record/payload").isMissingNode());
        assertEquals(64, dead.at("/record/payloadSha256").asText().length());
        assertFalse(dead.toString().contains("ciphertext"));
    }

    @Test
    void anUnreadableRecordKeepsOnlyItsLengthAndDigest() throws Exception {
        byte[] garbage = "Kanarie not json {".getBytes(StandardCharsets.UTF_8);
        JsonNode dead = JSON.readTree(DeadLetters.redact(garbage));
        assertTrue(dead.path("unreadable").asBoolean());
        assertEquals(garbage.length, dead.path("length").asInt());
        assertFalse(dead.toString().contains("Kanarie"));
        assertTrue(JSON.readTree(DeadLetters.redact((byte[]) null)).path("empty").asBoolean());
        assertFalse(DeadLetters.redact("[\"Kanarie\"]").contains("Kanarie"), "only objects keep fields");
    }
}
