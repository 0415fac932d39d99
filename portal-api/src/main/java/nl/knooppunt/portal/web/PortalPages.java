package nl.knooppunt.portal.web;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.portal.downstream.registry.Registry;
import nl.knooppunt.portal.downstream.registry.WrappedKey;
import nl.knooppunt.portal.downstream.routing.MessageMetadata;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.Caller;
import nl.knooppunt.portal.message.SentMessages;
import nl.knooppunt.standard.calendar.WorkingDays;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * The web portal's pages for reading: the inbox, one message (its ciphertext, decrypted in the browser with the key
 * its users hold: ADR 0042), a sent message's status.
 */
@Path("/portal")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class PortalPages {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d-M-yyyy", Locale.forLanguageTag("nl"))
            .withZone(ZoneId.of("Europe/Amsterdam"));
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter
            .ofPattern("d-M-yyyy HH:mm", Locale.forLanguageTag("nl")).withZone(ZoneId.of("Europe/Amsterdam"));

    private final WebCallers callers;
    private final RoutingClient routing;
    private final Registry registry;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;
    private final ErrorPages errors;
    private final Template inbox;
    private final Template message;
    private final Template sent;
    private final Template sentList;
    private final Template loggedOut;
    private final SentList sentMessages;
    private final SentMessages sentStatus;

    public PortalPages(WebCallers callers, @RestClient RoutingClient routing, Registry registry, ObjectMapper mapper,
            SecurityIdentity identity, ErrorPages errors,
            @Location("portal/inbox.html") Template inbox, @Location("portal/bericht.html") Template message,
            @Location("portal/verzonden.html") Template sent, @Location("portal/verzonden-lijst.html") Template sentList,
            @Location("portal/afgemeld.html") Template loggedOut, SentList sentMessages, SentMessages sentStatus) {
        this.callers = callers;
        this.routing = routing;
        this.registry = registry;
        this.mapper = mapper;
        this.identity = identity;
        this.errors = errors;
        this.inbox = inbox;
        this.message = message;
        this.sent = sent;
        this.sentList = sentList;
        this.loggedOut = loggedOut;
        this.sentMessages = sentMessages;
        this.sentStatus = sentStatus;
    }

    /**
     * A message in the inbox listing.
     *
     * @param id       message id
     * @param title    Dutch title of its type
     * @param module   module title
     * @param sender   sender's name
     * @param received when it arrived
     * @param deadline reply deadline of a request, or empty
     * @param status   delivered (new) or fetched (read)
     */
    @TemplateData
    public record Row(String id, String title, String module, String sender, String received, String deadline,
            String status) {
    }

    /**
     * An option of a select.
     *
     * @param value    submitted value
     * @param label    shown text
     * @param selected whether it is selected
     */
    @TemplateData
    public record Option(String value, String label, boolean selected) {
    }

    /**
     * An answer the user may send.
     *
     * @param soort {@code module/type}
     * @param title Dutch title
     */
    @TemplateData
    public record Answer(String soort, String title) {
    }

    /**
     * A sent message in the "Verzonden" listing.
     *
     * @param id         message id
     * @param title      Dutch title of its type
     * @param module     module title
     * @param recipient  recipient's name
     * @param sent       when the hub took it
     * @param status     latest status, in Dutch
     * @param statusCode latest status code
     * @param changed    when the status last changed
     */
    @TemplateData
    public record SentRow(String id, String title, String module, String recipient, String sent, String status,
            String statusCode, String changed) {
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/portal/inbox")).build();
    }

    @GET
    @Path("/afgemeld")
    @jakarta.annotation.security.PermitAll
    public String loggedOut() {
        return loggedOut.render();
    }

    @GET
    @Path("/inbox")
    public Uni<Response> inbox(@QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("melding") String notice, @Context HttpHeaders headers) {
        String moduleFilter = blankToNull(module);
        String typeFilter = blankToNull(type);
        return callers.resolve(identity, headers)
                .chain(caller -> routing.mailbox(caller.participantId(), null, 200, moduleFilter, typeFilter, null)
                        .chain(page -> rows(page.items()))
                        .chain(rows -> wrappedKids(caller).map(kids -> new Object[] {rows, kids}))
                        .map(both -> html(inbox.data("caller", caller.acting().name())
                                .data("noKey", ((Set<?>) both[1]).isEmpty())
                                .data("rows", both[0])
                                .data("modules", moduleOptions(caller, moduleFilter))
                                .data("types", typeOptions(caller, typeFilter))
                                .data("filtered", moduleFilter != null || typeFilter != null)
                                .data("selectedModule", moduleFilter == null ? "" : moduleFilter)
                                .data("selectedType", typeFilter == null ? "" : typeFilter)
                                .data("notice", notice(notice))
                                .render())))
                .onFailure().recoverWithItem(errors::of);
    }

    @GET
    @Path("/bericht")
    public Uni<Response> message(@QueryParam("id") String id, @Context HttpHeaders headers) {
        if (id == null || id.isBlank()) {
            return Uni.createFrom().item(errors.of(new jakarta.ws.rs.NotFoundException()));
        }
        return callers.resolve(identity, headers)
                .chain(caller -> routing.fetch(caller.participantId(), id)
                        .chain(m -> wrappedKids(caller).chain(kids -> callers.name(m.sender())
                                .map(senderName -> html(render(caller, m, senderName, kids))))))
                .onFailure().recoverWithItem(errors::of);
    }

    @POST
    @Path("/bericht/bevestigen")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> acknowledge(@FormParam("id") String id, @Context HttpHeaders headers) {
        if (id == null || id.isBlank()) {
            return Uni.createFrom().item(errors.of(new jakarta.ws.rs.NotFoundException()));
        }
        return callers.resolve(identity, headers)
                .chain(caller -> routing.acknowledge(caller.participantId(), id))
                .map(ignored -> Response.seeOther(URI.create("/portal/inbox?melding=bevestigd")).build())
                .onFailure().recoverWithItem(errors::of);
    }

    @GET
    @Path("/verzonden")
    public Uni<Response> sent(@QueryParam("id") String id, @Context HttpHeaders headers) {
        if (id == null || id.isBlank()) {
            return sentList(headers);
        }
        return callers.resolve(identity, headers)
                .chain(caller -> sentStatus.ofSender(caller, id).chain(status -> callers.name(status.recipient())
                        .map(recipient -> html(sent
                                .data("caller", caller.acting().name())
                                .data("title", typeTitle(status.module(), status.type()))
                                .data("recipient", recipient)
                                .data("status", statusText(status.status()))
                                .data("statusCode", status.status())
                                .data("submitted", format(DATE_TIME, status.submittedAt()))
                                .data("delivered", format(DATE_TIME, status.deliveredAt()))
                                .data("fetched", format(DATE_TIME, status.fetchedAt()))
                                .data("acknowledged", format(DATE_TIME, status.acknowledgedAt()))
                                .data("expired", format(DATE_TIME, status.expiredAt()))
                                .data("id", status.id())
                                .render()))))
                .onFailure().recoverWithItem(errors::of);
    }

    private Uni<Response> sentList(HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> sentMessages.of(caller.participantId()).chain(listing -> {
                    if (listing.messages().isEmpty()) {
                        return Uni.createFrom().item(html(renderSentList(caller, List.of(), listing.truncated())));
                    }
                    List<Uni<SentRow>> rows = listing.messages().stream().map(m -> callers.name(m.recipient())
                            .map(recipient -> new SentRow(m.id(), typeTitle(m.module(), m.type()),
                                    moduleTitle(m.module()), recipient, format(DATE_TIME, m.sentAt()),
                                    statusText(m.status()), m.status(), format(DATE_TIME, m.changedAt()))))
                            .toList();
                    return Uni.join().all(rows).andFailFast()
                            .map(list -> html(renderSentList(caller, list, listing.truncated())));
                }))
                .onFailure().recoverWithItem(errors::of);
    }

    private String renderSentList(Caller caller, List<SentRow> rows, boolean truncated) {
        return sentList.data("caller", caller.acting().name()).data("rows", rows).data("truncated", truncated)
                .render();
    }

    private String render(Caller caller, MessageMetadata m, String senderName, Set<String> browserKids) {
        Optional<MessageType> type = Catalogue.standard().messageType(m.module(), m.type());
        boolean readable = m.payload() != null && type.isPresent() && browserKids.contains(kidOf(m.payload()));
        List<Answer> answers = type.map(t -> Compose.answersFor(caller, t)).orElse(List.of()).stream()
                .map(t -> new Answer(t.module() + "/" + t.type(), t.title())).toList();
        return message.data("caller", caller.acting().name())
                .data("id", m.id())
                .data("title", typeTitle(m.module(), m.type()))
                .data("module", moduleTitle(m.module()))
                .data("sender", senderName)
                .data("received", format(DATE_TIME, m.deliveredAt()))
                .data("deadline", deadline(m))
                .data("inReplyTo", m.inReplyTo())
                .data("readable", readable)
                .data("participant", caller.participantId())
                .data("jwe", readable ? m.payload() : "")
                .data("fields", readable ? layout(type.get()) : "[]")
                .data("answers", answers)
                .render();
    }

    /**
     * How the browser lays out a message of this type: the labels and JSON pointers of the type's form, from the
     * standard's schema ({@link SchemaForm}, the same labels as the forms); values are filled in by the browser.
     */
    private String layout(MessageType type) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (SchemaForm.Item item : SchemaForm.of(type.schema()).items()) {
            if (item.isStart()) {
                fields.add(Map.of("heading", true, "label", item.label()));
            } else if ("field".equals(item.kind())) {
                fields.add(Map.of("pointer", item.pointer(), "label", item.label()));
            }
        }
        try {
            return mapper.writeValueAsString(fields).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("layout cannot be written as JSON", e);
        }
    }

    /** The kids of the keys the participant's users hold (wrapped at the hub); empty when none or unknown. */
    private Uni<Set<String>> wrappedKids(Caller caller) {
        return registry.wrappedKeys(caller.participantId())
                .map(keys -> keys.stream().map(WrappedKey::kid).collect(java.util.stream.Collectors.toSet()))
                .onFailure().recoverWithItem(Set.of());
    }

    private static String kidOf(String jwe) {
        String kid = RecipientCipher.keyIdOf(jwe);
        return kid == null ? "" : kid;
    }

    private Uni<List<Row>> rows(List<MessageMetadata> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Row>> rows = items.stream().map(m -> callers.name(m.sender()).map(sender -> new Row(m.id(),
                typeTitle(m.module(), m.type()), moduleTitle(m.module()), sender, format(DATE_TIME, m.deliveredAt()),
                deadline(m), "fetched".equals(m.status()) ? "gelezen" : "nieuw"))).toList();
        return Uni.join().all(rows).andFailFast();
    }

    /** The reply deadline of a request: its reply period in working days from its submission. */
    static String deadline(MessageMetadata m) {
        Integer days = Catalogue.standard().messageType(m.module(), m.type())
                .map(MessageType::replyPeriodWorkingDays).orElse(null);
        if (days == null || m.submittedAt() == null) {
            return "";
        }
        return format(DATE, WorkingDays.netherlands().plus(m.submittedAt(), days));
    }

    private static List<Option> moduleOptions(Caller caller, String selected) {
        List<Option> options = new ArrayList<>();
        for (Module module : Catalogue.standard().modules()) {
            if (modules(caller).contains(module.id())) {
                options.add(new Option(module.id(), module.title(), module.id().equals(selected)));
            }
        }
        return options;
    }

    private static List<Option> typeOptions(Caller caller, String selected) {
        List<Option> options = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Module module : Catalogue.standard().modules()) {
            if (!modules(caller).contains(module.id())) {
                continue;
            }
            for (MessageType type : module.messageTypes()) {
                if (!seen.contains(type.type())) {
                    seen.add(type.type());
                    options.add(new Option(type.type(), type.title(), type.type().equals(selected)));
                }
            }
        }
        return options;
    }

    static List<String> modules(Caller caller) {
        return caller.acting().modules() == null ? List.of() : caller.acting().modules();
    }

    static String typeTitle(String module, String type) {
        return Catalogue.standard().messageType(module, type).map(MessageType::title).orElse(type);
    }

    static String moduleTitle(String module) {
        return Catalogue.standard().module(module).map(Module::title).orElse(module);
    }

    static String statusText(String status) {
        return switch (status == null ? "" : status) {
            case "accepted" -> "Geaccepteerd";
            case "delivered" -> "Bezorgd";
            case "fetched" -> "Opgehaald";
            case "acknowledged" -> "Bevestigd";
            case "expired" -> "Verlopen";
            case "failed" -> "Mislukt";
            default -> "Onbekend";
        };
    }

    private static String notice(String code) {
        return "bevestigd".equals(code) ? "Het bericht is bevestigd en verwijderd van het knooppunt." : null;
    }

    static String format(DateTimeFormatter formatter, Instant instant) {
        return instant == null ? "" : formatter.format(instant);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static Response html(String body) {
        return Response.ok(body, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").build();
    }
}
