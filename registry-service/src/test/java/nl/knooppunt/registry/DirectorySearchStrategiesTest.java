package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/**
 * Word searches answer the same pages whichever way the registry finds them (a short walk in name order, collecting
 * few matches through the word index, or a long walk for broad words bunched late in the name order): every page is
 * compared with the answer computed here from the seeded names.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectorySearchStrategiesTest {

    private static final int SEEDED = 3500;

    /** One seeded participant as the test knows it. */
    record Seeded(String name, String kind, boolean betalingsregeling) {
    }

    private final List<Seeded> seeded = new ArrayList<>();

    @Inject
    Pool pool;

    @BeforeAll
    void seed() {
        for (int i = 0; i < SEEDED; i++) {
            seeded.add(new Seeded(name(i), i % 2 == 0 ? "creditor" : "counsellor-phase-1", i % 4 == 0));
        }
        pool.query("insert into participant (id, oin, kvk, name, kind, sector, status, contact_email) "
                + "select gen_random_uuid(), lpad((80000000000000000000::numeric + i)::text, 20, '0'), "
                + "lpad((20000000 + i)::text, 8, '0'), "
                + "case when i < 1500 then 'Alfa' when i < 2300 then 'Kilo' else 'Zulu' end || ' ' || "
                + "case when i % 500 = 7 then 'Zeldzaam' when i % 3 = 0 then 'Midden' else 'Gewoon' end || ' ' || "
                + "lpad(i::text, 5, '0'), "
                + "case when i % 2 = 0 then 'creditor' else 'counsellor-phase-1' end, "
                + "case when i % 2 = 0 then 'energy' end, 'active', 'strategie' || i || '@example.org' "
                + "from generate_series(0, " + (SEEDED - 1) + ") as i").execute().await().indefinitely();
        pool.query("insert into participant_module (participant_id, module, enabled_by) "
                + "select id, 'betalingsregeling', 'test' from participant "
                + "where contact_email like 'strategie%' and kvk::bigint % 4 = 0").execute().await().indefinitely();
        pool.query("vacuum analyze participant").execute().await().indefinitely();
    }

    @AfterAll
    void removeSeeded() {
        pool.query("delete from participant where contact_email like 'strategie%@example.org'")
                .execute().await().indefinitely();
    }

    private static String name(int i) {
        String first = i < 1500 ? "Alfa" : i < 2300 ? "Kilo" : "Zulu";
        String second = i % 500 == 7 ? "Zeldzaam" : i % 3 == 0 ? "Midden" : "Gewoon";
        return first + " " + second + " " + String.format(Locale.ROOT, "%05d", i);
    }

    static Stream<Arguments> searches() {
        return Stream.of(
                // matches spread over the name order: the short walk finds the page
                Arguments.of("q=midden", 0, 20),
                Arguments.of("q=midden&kind=creditor&module=betalingsregeling", 2, 20),
                // bunched at the start
                Arguments.of("q=alfa", 3, 50),
                // few matches, late in the order: collected through the word index
                Arguments.of("q=zeldzaam", 0, 20),
                Arguments.of("name=zeldz&kind=counsellor-phase-1", 0, 20),
                // a deep page of a word with fewer than 1000 matches
                Arguments.of("q=kilo", 7, 100),
                // broad and bunched after the short walk: the long walk, with a total counted up to 1000
                Arguments.of("q=zulu", 0, 20),
                Arguments.of("q=zulu", 11, 100),
                Arguments.of("q=zulu midden&module=betalingsregeling", 1, 20),
                // no match at all
                Arguments.of("q=zzzonbekend", 0, 20));
    }

    @ParameterizedTest(name = "{0} page {1} size {2}")
    @MethodSource("searches")
    void answersTheSamePageWhicheverWayItIsFound(String query, int page, int size) {
        Predicate<Seeded> matches = matcher(query);
        List<String> all = seeded.stream().filter(matches)
                .sorted(Comparator.comparing((Seeded s) -> s.name().toLowerCase(Locale.ROOT)))
                .map(Seeded::name).toList();
        List<String> expected = all.subList(Math.min(all.size(), page * size), Math.min(all.size(), (page + 1) * size));

        RequestSpecification request = given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .queryParam("page", page).queryParam("size", size);
        for (String part : query.split("&")) {
            String[] kv = part.split("=", 2);
            request = request.queryParam(kv[0], kv[1]);
        }
        JsonPath answer = request.when().get("/internal/v1/participants")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(expected, answer.getList("items.name"), query);
        assertEquals(Math.min(all.size(), 1000), answer.getLong("total"), query + " total");
        assertEquals(all.size() <= 1000, answer.getBoolean("totalExact"), query + " totalExact");
    }

    /** The test's own reading of a search: every word a prefix of a word of the name, plus kind and module. */
    private static Predicate<Seeded> matcher(String query) {
        Predicate<Seeded> result = s -> true;
        for (String part : query.split("&")) {
            String[] kv = part.split("=", 2);
            switch (kv[0]) {
                case "q", "name" -> {
                    for (String word : kv[1].split(" ")) {
                        result = result.and(s -> Stream.of(s.name().toLowerCase(Locale.ROOT).split(" "))
                                .anyMatch(w -> w.startsWith(word)));
                    }
                }
                case "kind" -> result = result.and(s -> s.kind().equals(kv[1]));
                case "module" -> result = result.and(Seeded::betalingsregeling);
                default -> throw new IllegalArgumentException(part);
            }
        }
        return result;
    }
}
