package nl.knooppunt.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which messages an inbox listing asks for: page size, filters, where to start, and whether with content (which
 * marks every listed message fetched). Immutable: every method answers a changed copy.
 *
 * @param limit        page size, 1 to 500
 * @param includeContent whether each message carries its content ({@code include=content})
 * @param module       only this module, or null
 * @param type         only this message type, or null
 * @param sender       only from this participant id, or null
 * @param participants vendor-wide inbox only: only these of your participants (empty: all)
 * @param after        start after this message id (a page's {@code next}), or null
 */
public record InboxQuery(int limit, boolean includeContent, String module, String type, String sender,
        List<String> participants, String after) {

    /** The hub's largest page. */
    public static final int MAX_LIMIT = 500;

    public InboxQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        participants = List.copyOf(participants);
    }

    /** Envelopes of every waiting message, the hub's largest pages. */
    public static InboxQuery all() {
        return new InboxQuery(MAX_LIMIT, false, null, null, null, List.of(), null);
    }

    public InboxQuery limit(int size) {
        return new InboxQuery(size, includeContent, module, type, sender, participants, after);
    }

    /** With content, and so marking every listed message fetched. */
    public InboxQuery withContent() {
        return withContent(true);
    }

    public InboxQuery withContent(boolean content) {
        return new InboxQuery(limit, content, module, type, sender, participants, after);
    }

    public InboxQuery module(String only) {
        return new InboxQuery(limit, includeContent, only, type, sender, participants, after);
    }

    public InboxQuery type(String only) {
        return new InboxQuery(limit, includeContent, module, only, sender, participants, after);
    }

    public InboxQuery sender(String participantId) {
        return new InboxQuery(limit, includeContent, module, type, participantId, participants, after);
    }

    /** Vendor-wide inbox: only messages to these participants. */
    public InboxQuery participants(List<String> ids) {
        return new InboxQuery(limit, includeContent, module, type, sender, ids, after);
    }

    public InboxQuery after(String messageId) {
        return new InboxQuery(limit, includeContent, module, type, sender, participants, messageId);
    }

    String queryString() {
        List<String> parameters = new ArrayList<>();
        parameters.add("limit=" + limit);
        if (includeContent) {
            parameters.add("include=content");
        }
        add(parameters, "module", module);
        add(parameters, "type", type);
        add(parameters, "sender", sender);
        if (!participants.isEmpty()) {
            add(parameters, "participant", String.join(",", participants));
        }
        add(parameters, "after", after);
        return "?" + String.join("&", parameters);
    }

    private static void add(List<String> parameters, String name, String value) {
        if (value != null) {
            parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
