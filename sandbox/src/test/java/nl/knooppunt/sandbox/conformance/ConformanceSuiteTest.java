package nl.knooppunt.sandbox.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.client.Acknowledgements;
import nl.knooppunt.client.EventPage;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.MessageStatus;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.SubmitResult;

/**
 * The suite itself: it passes a client that behaves, and fails, naming the scenario, a deliberately wrong one (one
 * that drops the Idempotency-Key, one that never acknowledges) — with a non-zero exit code and the failure in the
 * JUnit XML report.
 */
class ConformanceSuiteTest {

    @TempDir
    Path reports;

    private record Run(int exit, String output, String junit, String html) {
    }

    private Run run(Hub hub) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ConformanceMain.run(new String[] { "--report-dir", reports.toString(), "--answer-timeout", "PT3S" },
                new PrintStream(out, true, StandardCharsets.UTF_8), options -> hub);
        return new Run(exit, out.toString(StandardCharsets.UTF_8),
                Files.readString(reports.resolve("conformance.xml")),
                Files.readString(reports.resolve("conformance.html")));
    }

    @Test
    void aClientThatBehavesPassesAndGetsBothReports() throws Exception {
        Run run = run(new FakeHub());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("0 failed"), run.output());
        assertTrue(run.junit().contains("failures=\"0\""), run.junit());
        assertTrue(run.junit().contains("name=\"exchange.schuldinventarisatie.saldoverzoek\""), run.junit());
        assertTrue(run.junit().contains("name=\"exchange.betalingsregeling.betaalvoorstel\""), run.junit());
        assertTrue(run.junit().contains("<skipped message=\"push is not registered"), run.junit());
        assertTrue(run.html().contains("Knooppunt conformance: geslaagd"), run.html());
    }

    @Test
    void aClientThatDropsTheIdempotencyKeyFailsTheIdempotentRetry() throws Exception {
        Run run = run(new Wrong(new FakeHub()) {
            @Override
            public SubmitResult submit(NewMessage message, String idempotencyKey) {
                return hub.submit(message, UUID.randomUUID().toString());
            }
        });
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("FAILED idempotent-retry: a retry with the same Idempotency-Key made a "
                + "second message"), run.output());
        assertTrue(run.junit().contains("failures=\"1\""), run.junit());
        assertTrue(run.html().contains("niet geslaagd"), run.html());
    }

    @Test
    void aClientThatNeverAcknowledgesFailsBatchPullAndAcknowledge() throws Exception {
        Run run = run(new Wrong(new FakeHub()) {
            @Override
            public Acknowledgements acknowledge(List<String> ids) {
                return new Acknowledgements(ids, List.of(), List.of());
            }
        });
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("FAILED batch-pull-and-acknowledge: the acknowledged answer"),
                run.output());
        assertTrue(run.junit().contains("<testcase classname=\"knooppunt.conformance\" "
                + "name=\"batch-pull-and-acknowledge\""), run.junit());
    }

    @Test
    void withoutASandboxCounterpartEveryScenarioFails() throws Exception {
        Run run = run(new Wrong(new FakeHub()) {
            @Override
            public List<com.fasterxml.jackson.databind.JsonNode> directory(String q, String kind) {
                return List.of();
            }
        });
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("FAILED directory.sandbox-counterpart"), run.output());
    }

    /** A client that does what the hub asks except where a test overrides it. */
    private abstract static class Wrong implements Hub {

        final Hub hub;

        Wrong(Hub hub) {
            this.hub = hub;
        }

        @Override
        public com.fasterxml.jackson.databind.JsonNode me() {
            return hub.me();
        }

        @Override
        public List<com.fasterxml.jackson.databind.JsonNode> directory(String q, String kind) {
            return hub.directory(q, kind);
        }

        @Override
        public SubmitResult submit(NewMessage message, String idempotencyKey) {
            return hub.submit(message, idempotencyKey);
        }

        @Override
        public List<InboxMessage> inbox(InboxQuery query) {
            return hub.inbox(query);
        }

        @Override
        public Acknowledgements acknowledge(List<String> ids) {
            return hub.acknowledge(ids);
        }

        @Override
        public InboxMessage fetch(String id) {
            return hub.fetch(id);
        }

        @Override
        public MessageStatus status(String id) {
            return hub.status(id);
        }

        @Override
        public EventPage events(String after, int limit) {
            return hub.events(after, limit);
        }

        @Override
        public com.fasterxml.jackson.databind.JsonNode content(InboxMessage message) {
            return hub.content(message);
        }
    }
}
