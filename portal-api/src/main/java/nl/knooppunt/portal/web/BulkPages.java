package nl.knooppunt.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
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
import nl.knooppunt.portal.downstream.routing.MessageMetadata;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.Caller;
import nl.knooppunt.portal.message.SubmissionRequest;
import nl.knooppunt.portal.message.SubmissionService;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * Bulk work in the portal: upload a CSV of saldoverzoeken (checked line by line; nothing is sent until every line is
 * right, then every line is sent and its result shown), an example file with the columns, and the inbox as CSV.
 */
@Path("/portal")
@Authenticated
public class BulkPages {

    /** The request type the bulk upload sends. */
    static final String TYPE = "saldoverzoek";
    /** Most inbox messages in one CSV download. */
    static final int MAX_INBOX_ROWS = 5000;

    private static final Pattern OIN = Pattern.compile("[0-9]{20}");
    private static final Pattern UUID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final WebCallers callers;
    private final Registry directory;
    private final RoutingClient routing;
    private final SubmissionService submissions;
    private final SecurityIdentity identity;
    private final ErrorPages errors;
    private final Template page;
    private final MessageValidator validator = new MessageValidator();

    public BulkPages(WebCallers callers, Registry directory, @RestClient RoutingClient routing,
            SubmissionService submissions, SecurityIdentity identity, ErrorPages errors,
            @Location("portal/bulk.html") Template page) {
        this.callers = callers;
        this.directory = directory;
        this.routing = routing;
        this.submissions = submissions;
        this.identity = identity;
        this.errors = errors;
        this.page = page;
    }

    /**
     * The result of sending one line.
     *
     * @param line      its line number
     * @param reference the dossier number of the line
     * @param id        the message id when sent
     * @param reason    why it was not sent, or empty
     */
    @TemplateData
    public record Result(int line, String reference, String id, String reason) {
    }

    @GET
    @Path("/bulk")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> form(@Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .map(caller -> page(caller, null, List.of(), List.of(), List.of(), 200))
                .onFailure().recoverWithItem(errors::of);
    }

    @GET
    @Path("/bulk/voorbeeld.csv")
    @Produces("text/csv")
    public Uni<Response> example(@QueryParam("soort") String soort, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers).map(caller -> {
            MessageType type = Compose.chosen(soort, types(caller)).or(() -> types(caller).stream().findFirst())
                    .orElseThrow(jakarta.ws.rs.NotFoundException::new);
            return csv(CsvCells.BOM + CsvCells.line(BulkCsv.columns(type)), "saldoverzoeken-voorbeeld.csv");
        }).onFailure().recoverWithItem(errors::of);
    }

    /**
     * Checks the uploaded file and, when every line is right, sends every line. Multipart: the CSRF filter finds its
     * token among the parsed fields; the file part is declared, so Quarkus REST keeps it (in a temporary file). Blocking: reading the file and validating thousands of lines is CPU work.
     */
    @POST
    @Path("/bulk")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    @Blocking
    public Uni<Response> upload(@RestForm("soort") String soort, @RestForm("bestand") FileUpload upload,
            @Context HttpHeaders headers) {
        byte[] bytes;
        try {
            bytes = file(upload);
        } catch (IOException e) {
            bytes = null;
        }
        byte[] file = bytes;
        return callers.resolve(identity, headers).chain(caller -> {
            Optional<MessageType> chosen = Compose.chosen(soort, types(caller));
            if (chosen.isEmpty()) {
                return Uni.createFrom().item(page(caller, soort, List.of(new BulkCsv.Bad(0, "Kies een soort bericht.")),
                        List.of(), List.of(), 400));
            }
            if (file == null) {
                return Uni.createFrom().item(page(caller, soort, List.of(new BulkCsv.Bad(0,
                        "Kies een CSV-bestand van hoogstens 4 MB.")), List.of(), List.of(), 400));
            }
            MessageType type = chosen.get();
            BulkCsv.Parsed parsed = BulkCsv.parse(file, type);
            return recipients(caller, type, parsed.lines()).chain(recipients -> {
                ParticipantKind kind = ParticipantKind.fromApiName(caller.acting().kind()).orElse(null);
                List<BulkCsv.Bad> bad = BulkCsv.check(parsed, type, kind, validator, recipients);
                if (!bad.isEmpty()) {
                    return Uni.createFrom().item(page(caller, soort, bad, List.of(), parsed.lines(), 422));
                }
                return send(caller, type, parsed.lines(), recipients)
                        .map(results -> page(caller, soort, List.of(), results, parsed.lines(), 200));
            });
        }).onFailure().recoverWithItem(errors::of);
    }

    @GET
    @Path("/inbox.csv")
    @Produces("text/csv")
    public Uni<Response> inbox(@QueryParam("module") String module, @QueryParam("type") String type,
            @Context HttpHeaders headers) {
        String moduleFilter = module == null || module.isBlank() ? null : module.trim();
        String typeFilter = type == null || type.isBlank() ? null : type.trim();
        return callers.resolve(identity, headers)
                .chain(caller -> mailbox(caller, null, moduleFilter, typeFilter, new ArrayList<>()))
                .chain(this::inboxCsv)
                .map(body -> csv(body, "inbox.csv"))
                .onFailure().recoverWithItem(errors::of);
    }

    private Uni<List<MessageMetadata>> mailbox(Caller caller, String after, String module, String type,
            List<MessageMetadata> all) {
        return routing.mailbox(caller.participantId(), after, 500, module, type, null).chain(page -> {
            List<MessageMetadata> items = page.items() == null ? List.of() : page.items();
            all.addAll(items);
            if (items.size() < 500 || page.next() == null || all.size() >= MAX_INBOX_ROWS) {
                return Uni.createFrom().item(all.subList(0, Math.min(all.size(), MAX_INBOX_ROWS)));
            }
            return mailbox(caller, page.next(), module, type, all);
        });
    }

    private Uni<String> inboxCsv(List<MessageMetadata> messages) {
        List<String> senders = new ArrayList<>(new LinkedHashSet<>(messages.stream().map(MessageMetadata::sender)
                .toList()));
        Uni<Map<String, String>> names = senders.isEmpty() ? Uni.createFrom().item(Map.of())
                : Multi.createFrom().iterable(senders)
                        .onItem().transformToUni(id -> callers.name(id).map(name -> Map.entry(id, name))).merge(4)
                        .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
        return names.map(byId -> {
            StringBuilder out = new StringBuilder(CsvCells.BOM);
            out.append(CsvCells.line(List.of("kenmerk", "module", "soort", "titel", "afzender", "afzender_id",
                    "ontvangen", "antwoorden_voor", "status", "antwoord_op")));
            for (MessageMetadata m : messages) {
                out.append(CsvCells.line(List.of(m.id(), m.module(), m.type(),
                        PortalPages.typeTitle(m.module(), m.type()), byId.getOrDefault(m.sender(), m.sender()),
                        m.sender(), m.deliveredAt() == null ? "" : m.deliveredAt().toString(),
                        PortalPages.deadline(m), "fetched".equals(m.status()) ? "gelezen" : "nieuw",
                        m.inReplyTo() == null ? "" : m.inReplyTo())));
            }
            return out.toString();
        });
    }

    /** Resolves every distinct recipient of the file once, a few at a time. */
    private Uni<Map<String, Optional<BulkCsv.Recipient>>> recipients(Caller caller, MessageType type,
            List<BulkCsv.Line> lines) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(lines.stream().map(BulkCsv.Line::recipient)
                .filter(r -> !r.isEmpty()).toList()));
        Map<String, Optional<BulkCsv.Recipient>> resolved = new ConcurrentHashMap<>();
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(resolved);
        }
        return Multi.createFrom().iterable(distinct)
                .onItem().transformToUni(value -> lookup(value)
                        .map(p -> p.filter(found -> "active".equals(found.status()))
                                .map(found -> new BulkCsv.Recipient(found.id(), found.kind(),
                                        Compose.requestsTo(caller, found).contains(type))))
                        .invoke(r -> resolved.put(value, r)))
                .merge(4)
                .collect().last()
                .replaceWith(resolved);
    }

    private Uni<Optional<RegistryParticipant>> lookup(String value) {
        if (UUID.matcher(value).matches()) {
            return callers.participant(value).map(Optional::of)
                    .onFailure(f -> ErrorPages.status(f) == 404).recoverWithItem(Optional.empty());
        }
        if (OIN.matcher(value).matches()) {
            return directory.search(null, null, value, null, null, null, null, 0, 2)
                    .map(page -> page.items().stream().filter(p -> value.equals(p.oin())).findFirst());
        }
        return Uni.createFrom().item(Optional.empty());
    }

    /** Sends the lines one after another, in file order; a line the hub refuses does not stop the others. */
    private Uni<List<Result>> send(Caller caller, MessageType type, List<BulkCsv.Line> lines,
            Map<String, Optional<BulkCsv.Recipient>> recipients) {
        SchemaForm form = SchemaForm.of(type.schema());
        return Multi.createFrom().iterable(lines)
                .onItem().transformToUniAndConcatenate(line -> {
                    String reference = line.values().getOrDefault("/referentieSchuldhulpverlener", "");
                    SubmissionRequest request = new SubmissionRequest(type.module(), type.type(),
                            recipients.get(line.recipient()).orElseThrow().id(), null, null,
                            form.payload(line.values()));
                    return Uni.createFrom().deferred(() -> submissions.submit(caller, request))
                            .map(result -> new Result(line.number(), reference, result.id(), ""))
                            .onFailure().recoverWithItem(f -> new Result(line.number(), reference, "",
                                    reason(f)));
                })
                .collect().asList();
    }

    private static String reason(Throwable failure) {
        if (failure instanceof ProblemException problem && problem.problem().violations() != null
                && !problem.problem().violations().isEmpty()) {
            return problem.problem().violations().stream()
                    .map(v -> (v.pointer() == null || v.pointer().isEmpty() ? "" : BulkCsv.column(v.pointer()) + ": ")
                            + Messages.of(v))
                    .reduce((a, b) -> a + "; " + b).orElse("");
        }
        return ErrorPages.status(failure) == 503
                ? "Het knooppunt kon dit bericht nu niet aannemen; verstuur deze regel later opnieuw."
                : "Het bericht kon niet worden verstuurd.";
    }

    /** The saldoverzoek types the caller's kind may send in its modules. */
    static List<MessageType> types(Caller caller) {
        Optional<ParticipantKind> kind = ParticipantKind.fromApiName(caller.acting().kind());
        List<MessageType> types = new ArrayList<>();
        for (Module module : Catalogue.standard().modules()) {
            if (kind.isEmpty() || !PortalPages.modules(caller).contains(module.id())) {
                continue;
            }
            module.messageTypes().stream()
                    .filter(t -> TYPE.equals(t.type()) && t.senders().contains(kind.get()))
                    .forEach(types::add);
        }
        return types;
    }

    private Response page(Caller caller, String soort, List<BulkCsv.Bad> bad, List<Result> results,
            List<BulkCsv.Line> lines, int status) {
        List<MessageType> types = types(caller);
        List<PortalPages.Option> options = types.stream().map(t -> new PortalPages.Option(t.module() + "/" + t.type(),
                t.title() + " (" + PortalPages.moduleTitle(t.module()) + ")",
                (t.module() + "/" + t.type()).equals(soort))).toList();
        List<String> columns = types.isEmpty() ? List.of() : BulkCsv.columns(types.get(0));
        long sent = results.stream().filter(r -> !r.id().isEmpty()).count();
        String body = page.data("caller", caller.acting().name())
                .data("options", options)
                .data("columns", columns)
                .data("bad", bad)
                .data("lineCount", lines.size())
                .data("results", results)
                .data("sent", sent)
                .data("notSent", results.size() - sent)
                .render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(body).build();
    }

    private static Response csv(String body, String filename) {
        return Response.ok(body.getBytes(StandardCharsets.UTF_8), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("Cache-Control", "no-store").build();
    }

    /**
     * The uploaded file's bytes, and its temporary file deleted at once (it holds client data in clear); null without a
     * file; at most one byte past the limit, so too large is seen.
     */
    private static byte[] file(FileUpload upload) throws IOException {
        if (upload == null || upload.uploadedFile() == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(upload.uploadedFile())) {
            return in.readNBytes(BulkCsv.MAX_BYTES + 1);
        } finally {
            Files.deleteIfExists(upload.uploadedFile());
        }
    }
}
