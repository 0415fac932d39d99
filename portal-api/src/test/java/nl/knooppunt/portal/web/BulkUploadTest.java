package nl.knooppunt.portal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.Cookie;
import io.restassured.http.Cookies;
import io.restassured.response.Response;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * The portal's bulk upload and inbox download over HTTP, logged in with the code flow: a CSV of saldoverzoeken with
 * exactly 3 bad lines reports exactly those 3 lines (number and reason) and puts nothing on the submissions topic;
 * the inbox CSV defuses a cell that a spreadsheet would run as a formula.
 */
@QuarkusTest
@TestProfile(BulkProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class BulkUploadTest {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));
    private static final String HEADER = "ontvanger;referentieSchuldhulpverlener;peildatum;client.bsn;"
            + "client.voorletters;client.achternaam;client.geboortedatum;client.adres.straat;client.adres.huisnummer;"
            + "client.adres.postcode;client.adres.woonplaats\n";
    private static final Pattern BAD_ROW = Pattern.compile("<tr><td>([0-9]+|bestand)</td><td>([^<]*)</td></tr>");

    /** Logs alice in through the test provider and answers the portal's session cookies. */
    private static Cookies login() {
        Response start = given().config(NO_REDIRECTS).get("/portal/inbox");
        URI authorize = URI.create(start.header("Location"));
        String provider = authorize.getScheme() + "://" + authorize.getAuthority();
        Response loggedIn = given().config(NO_REDIRECTS).urlEncodingEnabled(false)
                .get(provider + "/login?" + authorize.getRawQuery());
        Response session = given().config(NO_REDIRECTS).urlEncodingEnabled(false)
                .cookies(start.detailedCookies()).get(loggedIn.header("Location"));
        return new Cookies(session.detailedCookies().asList().stream()
                .filter(c -> c.getName().startsWith("q_session_web"))
                .map(c -> new Cookie.Builder(c.getName(), c.getValue()).build()).toList());
    }

    private static String line(String recipient, String dossier, String bsn, String achternaam, String postcode) {
        String yesterday = LocalDate.now(MessageValidator.ZONE).minusDays(1).toString();
        return String.join(";", recipient, dossier, yesterday, bsn, "J.", achternaam, "1984-03-12", "Dorpsstraat",
                "12", postcode, "Voorbeeldstad") + "\n";
    }

    @Test
    void aFileWithThreeBadLinesReportsExactlyThoseLinesAndSendsNothing() throws Exception {
        String oin = BulkFakes.CREDITOR_OIN;
        String csv = HEADER
                + line(oin, "SHV-1", "999993653", "Vries", "1234 AB")
                + line(oin, "SHV-2", "123456789", "Vries", "1234 AB")
                + line(oin, "SHV-3", "999993653", "Jansen", "1234 AB")
                + line("00000009999999990000", "SHV-4", "999993653", "Bakker", "1234 AB")
                + line(oin, "SHV-5", "999993653", "", "0123 AB")
                + line(oin, "SHV-6", "999993653", "Visser", "1234 AB");
        Cookies session = login();
        given().config(NO_REDIRECTS).cookies(session).get("/portal/bulk").then().statusCode(200)
                .body(containsString("client.bsn"));

        try (KafkaConsumer<String, String> submissions = consumer()) {
            byte[] random = new byte[16];
            new java.security.SecureRandom().nextBytes(random);
            String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Response response = given().config(NO_REDIRECTS).cookies(session).cookie("csrf-token", token)
                    .multiPart("csrf-token", token)
                    .multiPart("soort", "schuldinventarisatie/saldoverzoek")
                    .multiPart("bestand", file(csv), "text/csv")
                    .post("/portal/bulk").then().extract().response();
            String page = response.asString();
            assertEquals(422, response.statusCode(), page);
            assertTrue(response.contentType().contains("text/html"), response.contentType());

            List<String> numbers = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            Matcher rows = BAD_ROW.matcher(page);
            while (rows.find()) {
                numbers.add(rows.group(1));
                reasons.add(rows.group(2));
            }
            assertEquals(List.of("3", "5", "6"), numbers, page);
            assertTrue(reasons.get(0).contains("client.bsn: dit is geen geldig burgerservicenummer"), reasons.get(0));
            assertTrue(reasons.get(1).contains("ontvanger: geen actieve deelnemer"), reasons.get(1));
            assertTrue(reasons.get(2).contains("client.achternaam: dit veld is verplicht"), reasons.get(2));
            assertTrue(page.contains("Er is niets verstuurd"), page);
            assertFalse(page.contains("id=\"resultaat\""), "no line has a send result");

            List<String> sent = new ArrayList<>();
            Instant until = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(until)) {
                for (ConsumerRecord<String, String> record : submissions.poll(Duration.ofMillis(200))) {
                    if (record.value().contains(BulkFakes.COUNSELLOR)) {
                        sent.add(record.key());
                    }
                }
            }
            assertEquals(List.of(), sent, "nothing reaches the submissions topic");
        }
    }

    @Test
    void theInboxDownloadsAsCsvWithFormulasDefused() {
        Cookies session = login();
        Response csv = given().config(NO_REDIRECTS).cookies(session).get("/portal/inbox.csv");
        csv.then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("inbox.csv"));
        String body = csv.asString();
        assertTrue(body.contains("kenmerk;module;soort;titel;afzender;afzender_id;ontvangen;antwoorden_voor;status"),
                body);
        assertTrue(body.contains(BulkFakes.WAITING + ";schuldinventarisatie;saldoverzoek-antwoord;"), body);
        assertTrue(body.contains(";\"'=HYPERLINK(\"\"http://example.invalid\"\")\";"), body);
        assertFalse(body.contains(";=HYPERLINK"), body);
    }

    @Test
    void theExampleFileHasTheColumns() {
        Cookies session = login();
        String example = given().config(NO_REDIRECTS).cookies(session).get("/portal/bulk/voorbeeld.csv").then()
                .statusCode(200).extract().asString();
        assertTrue(example.contains("ontvanger;referentieSchuldhulpverlener;"), example);
        assertTrue(example.contains(";client.bsn;"), example);
    }

    /** The CSV as a file, as a browser uploads it. */
    private static java.io.File file(String csv) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("saldoverzoeken", ".csv");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, csv, StandardCharsets.UTF_8);
            return file.toFile();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bulk-upload-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(Topics.SUBMISSIONS));
        return consumer;
    }
}
