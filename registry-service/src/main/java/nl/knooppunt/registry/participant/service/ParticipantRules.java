package nl.knooppunt.registry.participant.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.participant.repository.ParticipantStatus;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/** Format and consistency checks of participant data sent by an operator; every refusal is a precise 400. */
@ApplicationScoped
public class ParticipantRules {

    /** Sectors of a creditor. */
    public static final Set<String> SECTORS = Set.of("health-insurer", "housing-corporation", "energy",
            "public-body", "other");

    private static final Pattern OIN = Pattern.compile("[0-9]{20}");
    private static final Pattern KVK = Pattern.compile("[0-9]{8}");
    private static final Pattern KVK_BRANCH = Pattern.compile("[0-9]{12}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_NAME = 200;
    private static final int MAX_URL = 2000;

    private final RegistryConfig config;

    public ParticipantRules(RegistryConfig config) {
        this.config = config;
    }

    /** A participant's master data, checked. */
    public MasterData masterData(String oin, String kvk, String kvkBranch, String name, String kind, String sector,
            String contactEmail) {
        if (oin == null || !OIN.matcher(oin).matches()) {
            throw invalid("oin must be 20 digits");
        }
        if (kvk == null || !KVK.matcher(kvk).matches()) {
            throw invalid("kvk must be 8 digits");
        }
        if (kvkBranch != null && !KVK_BRANCH.matcher(kvkBranch).matches()) {
            throw invalid("kvkBranch (vestigingsnummer) must be 12 digits");
        }
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME || CONTROL.matcher(cleanName).find()) {
            throw invalid("name must be 1 to " + MAX_NAME + " characters without control characters");
        }
        ParticipantKind participantKind = kind(kind);
        if (participantKind == ParticipantKind.CREDITOR) {
            if (sector == null || !SECTORS.contains(sector)) {
                throw invalid("a creditor needs a sector, one of " + String.join(", ", SECTORS.stream().sorted().toList()));
            }
        } else if (sector != null) {
            throw invalid("only a creditor has a sector");
        }
        if (contactEmail != null && (contactEmail.length() > 254 || !EMAIL.matcher(contactEmail).matches())) {
            throw invalid("contactEmail is not an e-mail address");
        }
        return new MasterData(oin, kvk, kvkBranch, cleanName, participantKind, sector, contactEmail);
    }

    /** A kind by its API name. */
    public ParticipantKind kind(String kind) {
        return ParticipantKind.fromApiName(kind == null ? "" : kind).orElseThrow(() -> invalid(
                "kind must be one of counsellor-phase-1, counsellor-phase-2, other-counsellor, administrator, "
                        + "creditor, guarantee-fund"));
    }

    /** A status by its API name. */
    public ParticipantStatus status(String status) {
        if (status == null) {
            throw invalid("status is required: onboarding, active, suspended or left");
        }
        for (ParticipantStatus candidate : ParticipantStatus.values()) {
            if (candidate.apiName().equals(status)) {
                return candidate;
            }
        }
        throw invalid("status must be onboarding, active, suspended or left");
    }

    /** A delivery preference: mailbox without URL, or webhook with an https URL (http only on the local stack). */
    public Delivery delivery(String mode, String url) {
        if ("mailbox".equals(mode)) {
            if (url != null) {
                throw invalid("a mailbox delivery has no url");
            }
            return new Delivery("mailbox", null);
        }
        if (!"webhook".equals(mode)) {
            throw invalid("delivery mode must be mailbox or webhook");
        }
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw invalid("a webhook delivery needs a url of at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("the webhook url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        boolean http = scheme.equals("http");
        if (!https && !(http && config.allowHttpWebhooks())) {
            throw invalid("the webhook url must use https");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("the webhook url must be absolute, with a host");
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            throw invalid("the webhook url must not contain credentials or a fragment");
        }
        return new Delivery("webhook", uri.toString());
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-participant", "Invalid participant data", detail);
    }

    /** Checked master data of a participant. */
    public record MasterData(String oin, String kvk, String kvkBranch, String name, ParticipantKind kind,
            String sector, String contactEmail) {
    }

    /**
     * A checked delivery preference.
     *
     * @param mode {@code mailbox} or {@code webhook}
     * @param url  the webhook URL, null for mailbox
     */
    public record Delivery(String mode, String url) {
    }
}
