package nl.knooppunt.registry.participant.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.registry.participant.repository.Participant;
import nl.knooppunt.registry.participant.repository.ParticipantPage;

/** Maps participants to their API representation. */
@ApplicationScoped
public class ParticipantViews {

    private final ObjectMapper mapper;

    public ParticipantViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Without the JWKs themselves (lists). */
    public ParticipantView summary(Participant p) {
        return view(p, null);
    }

    /** With the JWKs (single participant). */
    public ParticipantView detail(Participant p) {
        return view(p, p.keys().stream().map(k -> json(k.jwkJson())).toList());
    }

    /** A search page. */
    public ParticipantPageView page(ParticipantPage page) {
        return new ParticipantPageView(page.items().stream().map(this::summary).toList(), page.page(), page.size(),
                page.total(), page.totalExact());
    }

    private ParticipantView view(Participant p, List<JsonNode> keys) {
        return new ParticipantView(p.id().toString(), p.oin(), p.kvk(), p.kvkBranch(), p.name(), p.kind().apiName(),
                p.sector(), p.status().apiName(), p.contactEmail(),
                new ParticipantView.Delivery(p.deliveryMode(), p.webhookUrl()), p.modules(),
                p.keys().stream().map(Participant.PublicKey::kid).toList(), p.version(),
                p.updatedAt().toInstant().toString(), p.simulated(), keys, null);
    }

    private JsonNode json(String jwk) {
        try {
            return mapper.readTree(jwk);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JWK is not JSON", e);
        }
    }
}
