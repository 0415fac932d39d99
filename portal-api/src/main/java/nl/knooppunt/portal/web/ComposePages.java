package nl.knooppunt.portal.web;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.registry.Registry;
import nl.knooppunt.portal.downstream.registry.RegistryParticipant;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.Caller;
import nl.knooppunt.portal.message.SubmissionRequest;
import nl.knooppunt.portal.message.SubmissionService;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Composing a message in the portal: choose a recipient from the directory and a type the user's participant may
 * send, or answer a received request with one of the answers the standard allows (references pre-filled); fill in
 * the form generated from the type's JSON Schema; send through the same {@link SubmissionService} as the API. A
 * rejection shows every violation next to its field and keeps the input.
 */
@Path("/portal/opstellen")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ComposePages {

    private final WebCallers callers;
    private final Registry directory;
    private final RoutingClient routing;
    private final SubmissionService submissions;
    private final SecurityIdentity identity;
    private final ErrorPages errors;
    private final Template page;

    public ComposePages(WebCallers callers, Registry directory, @RestClient RoutingClient routing,
            SubmissionService submissions, SecurityIdentity identity,
            ErrorPages errors, @Location("portal/opstellen.html") Template page) {
        this.callers = callers;
        this.directory = directory;
        this.routing = routing;
        this.submissions = submissions;
        this.identity = identity;
        this.errors = errors;
        this.page = page;
    }

    /**
     * A participant in the directory search.
     *
     * @param id   participant id
     * @param name name
     * @param kind kind, in Dutch
     */
    @TemplateData
    public record Found(String id, String name, String kind) {
    }

    /**
     * A type the user may choose.
     *
     * @param soort    {@code module/type}
     * @param title    Dutch title
     * @param module   module title
     * @param selected whether chosen
     */
    @TemplateData
    public record Choice(String soort, String title, String module, boolean selected) {
    }

    /**
     * A violation shown in the error summary.
     *
     * @param id      the HTML id of its field, or empty
     * @param label   its field's label, or empty
     * @param message the message
     */
    @TemplateData
    public record Problem(String id, String label, String message) {
    }

    /** The state of the compose page. */
    private record Context1(Caller caller, RegistryParticipant recipient, String inReplyTo, String replyTitle,
            List<MessageType> allowed, Optional<MessageType> chosen) {
    }

    @GET
    public Uni<Response> compose(@QueryParam("q") String query, @QueryParam("ontvanger") String recipient,
            @QueryParam("soort") String soort, @QueryParam("antwoordOp") String inReplyTo,
            @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> {
                    if (blank(inReplyTo) && blank(recipient)) {
                        return search(caller, query);
                    }
                    return context(caller, recipient, soort, inReplyTo).chain(ctx -> requestCiphertext(ctx)
                            .map(jwe -> render(ctx, Map.of(), Map.of(), List.of(), 200, jwe)));
                })
                .onFailure().recoverWithItem(errors::of);
    }

    /**
     * Sends the form. A multipart form: its fields are parsed before the CSRF filter checks the token, and every
     * generated field (named by its JSON pointer) is read from it.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> send(MultipartFormDataInput input, @Context HttpHeaders headers) {
        Map<String, String> form = new HashMap<>();
        input.getValues().forEach((name, values) -> values.stream().filter(v -> !v.isFileItem()).findFirst()
                .ifPresent(v -> form.put(name, v.getValue())));
        return callers.resolve(identity, headers)
                .chain(caller -> context(caller, form.get("ontvanger"), form.get("soort"), form.get("antwoordOp")))
                .chain(ctx -> {
                    if (ctx.chosen().isEmpty()) {
                        return Uni.createFrom().item(render(ctx, Map.of(), Map.of(),
                                List.of(new Problem("", "", "Kies een soort bericht.")), 400));
                    }
                    MessageType type = ctx.chosen().get();
                    SchemaForm schemaForm = SchemaForm.of(type.schema());
                    Map<String, String> values = new LinkedHashMap<>();
                    for (String pointer : schemaForm.pointers()) {
                        String value = form.get(pointer);
                        if (value != null) {
                            values.put(pointer, value);
                        }
                    }
                    SubmissionRequest request = new SubmissionRequest(type.module(), type.type(),
                            ctx.recipient().id(), null, blank(ctx.inReplyTo()) ? null : ctx.inReplyTo(),
                            schemaForm.payload(values));
                    return Uni.createFrom().deferred(() -> submissions.submit(ctx.caller(), request))
                            .map(result -> Response.seeOther(URI.create("/portal/verzonden?id=" + result.id()))
                                    .build())
                            .onFailure(ProblemException.class).recoverWithItem(f -> rejected(ctx, schemaForm, values,
                                    (ProblemException) f));
                })
                .onFailure().recoverWithItem(errors::of);
    }

    private Response rejected(Context1 ctx, SchemaForm form, Map<String, String> values, ProblemException failure) {
        nl.knooppunt.kit.problem.Problem problem = failure.problem();
        Map<String, List<String>> byField = new HashMap<>();
        List<Problem> summary = new java.util.ArrayList<>();
        Map<String, SchemaForm.Item> fields = new HashMap<>();
        form.items().stream().filter(i -> "field".equals(i.kind())).forEach(i -> fields.put(i.pointer(), i));
        if (problem.violations() != null && !problem.violations().isEmpty()) {
            for (Violation violation : problem.violations()) {
                String message = Messages.of(violation);
                SchemaForm.Item field = fields.get(violation.pointer());
                if (field != null) {
                    byField.computeIfAbsent(violation.pointer(), p -> new java.util.ArrayList<>()).add(message);
                    summary.add(new Problem(field.id(), field.label(), message));
                } else {
                    summary.add(new Problem("", "", message));
                }
            }
        } else {
            summary.add(new Problem("", "", problem.status() == 503
                    ? "Het knooppunt kan het bericht nu niet aannemen. Probeer het zo opnieuw; uw invoer is bewaard."
                    : "Het bericht kon niet worden verstuurd (" + problem.status() + ")."));
        }
        return render(ctx, values, byField, summary, problem.status() == 422 ? 422 : problem.status());
    }

    private Uni<Response> search(Caller caller, String query) {
        return directory.search(blank(query) ? null : query.trim(), null, null, null, null, null, "active", 0, 50)
                .map(result -> {
                    List<Found> found = result.items().stream()
                            .filter(p -> !p.id().equals(caller.participantId()))
                            .map(p -> new Found(p.id(), p.name(), kindText(p.kind()))).toList();
                    return PortalPages.html(page.data("caller", caller.acting().name())
                            .data("step", "ontvanger").data("q", query == null ? "" : query).data("found", found)
                            .data("recipient", null).data("choices", List.of()).data("items", List.of())
                            .data("problems", List.of()).data("inReplyTo", "").data("replyTitle", null)
                            .data("soort", "").data("typeTitle", null).data("participant", caller.participantId())
                            .data("requestJwe", "").render());
                });
    }

    private Uni<Context1> context(Caller caller, String recipientId, String soort, String inReplyTo) {
        if (!blank(inReplyTo)) {
            return routing.message(inReplyTo.trim()).chain(original -> {
                if (!caller.participantId().equals(original.recipient())) {
                    return Uni.createFrom().failure(new jakarta.ws.rs.NotFoundException());
                }
                Optional<MessageType> request = nl.knooppunt.standard.catalogue.Catalogue.standard()
                        .messageType(original.module(), original.type());
                List<MessageType> allowed = request.map(r -> Compose.answersFor(caller, r)).orElse(List.of());
                return callers.participant(original.sender()).map(sender -> new Context1(caller, sender,
                        original.id(), PortalPages.typeTitle(original.module(), original.type()), allowed,
                        Compose.chosen(soort, allowed)));
            });
        }
        return callers.participant(recipientId.trim()).map(recipient -> {
            List<MessageType> allowed = Compose.requestsTo(caller, recipient);
            return new Context1(caller, recipient, null, null, allowed, Compose.chosen(soort, allowed));
        });
    }

    /**
     * For an answer: the request as its ciphertext, which the browser decrypts to pre-fill the fields the answer's
     * form shares with it (its references); the server never opens it (ADR 0042). Empty when there is none.
     */
    private Uni<String> requestCiphertext(Context1 ctx) {
        if (ctx.inReplyTo() == null || ctx.chosen().isEmpty()) {
            return Uni.createFrom().item("");
        }
        return routing.fetch(ctx.caller().participantId(), ctx.inReplyTo())
                .map(original -> original.payload() == null ? "" : original.payload())
                .onFailure().recoverWithItem("");
    }

    private Response render(Context1 ctx, Map<String, String> values, Map<String, List<String>> byField,
            List<Problem> problems, int status) {
        return render(ctx, values, byField, problems, status, "");
    }

    private Response render(Context1 ctx, Map<String, String> values, Map<String, List<String>> byField,
            List<Problem> problems, int status, String requestJwe) {
        List<Choice> choices = ctx.allowed().stream().map(t -> new Choice(t.module() + "/" + t.type(), t.title(),
                PortalPages.moduleTitle(t.module()), ctx.chosen().map(c -> c == t).orElse(false))).toList();
        List<SchemaForm.Item> items = ctx.chosen().map(t -> SchemaForm.of(t.schema()).render(values, byField))
                .orElse(List.of());
        String body = page.data("caller", ctx.caller().acting().name())
                .data("step", ctx.chosen().isPresent() ? "formulier" : "soort")
                .data("q", "").data("found", List.of())
                .data("recipient", new Found(ctx.recipient().id(), ctx.recipient().name(),
                        kindText(ctx.recipient().kind())))
                .data("choices", choices).data("items", items).data("problems", problems)
                .data("inReplyTo", ctx.inReplyTo() == null ? "" : ctx.inReplyTo())
                .data("replyTitle", ctx.replyTitle())
                .data("soort", ctx.chosen().map(t -> t.module() + "/" + t.type()).orElse(""))
                .data("typeTitle", ctx.chosen().map(MessageType::title).orElse(null))
                .data("participant", ctx.caller().participantId())
                .data("requestJwe", requestJwe)
                .render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(body).build();
    }

    private static String kindText(String kind) {
        return switch (kind == null ? "" : kind) {
            case "counsellor-phase-1" -> "Schuldhulpverlener (fase 1)";
            case "counsellor-phase-2" -> "Schuldhulpverlener (fase 2) of kredietbank";
            case "other-counsellor" -> "Overige hulpverlener";
            case "administrator" -> "Bewindvoerder";
            case "creditor" -> "Schuldeiser";
            case "guarantee-fund" -> "Waarborgfonds";
            default -> kind;
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
