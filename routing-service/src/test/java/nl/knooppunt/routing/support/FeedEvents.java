package nl.knooppunt.routing.support;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** Reads a participant's whole events feed over the internal API, page by page, as portal-api does. */
public final class FeedEvents {

    private FeedEvents() {
    }

    /** The kinds of the participant's feed events about one message, in feed order. */
    public static List<String> kinds(String participant, String messageId) {
        return events(participant).stream().filter(e -> messageId.equals(e.get("messageId")))
                .map(e -> (String) e.get("event")).toList();
    }

    /** Every event of the participant's feed, in feed order. */
    public static List<Map<String, Object>> events(String participant) {
        List<Map<String, Object>> all = new ArrayList<>();
        String after = "0";
        while (true) {
            JsonPath page = given().auth().oauth2(ServiceTokens.portalApi("messages.read"))
                    .queryParam("after", after).queryParam("limit", 500)
                    .get("/internal/v1/participants/{p}/events", participant).then().statusCode(200)
                    .extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            if (items.isEmpty()) {
                return all;
            }
            all.addAll(items);
            after = page.getString("next");
        }
    }
}
