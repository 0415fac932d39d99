package nl.knooppunt.registry.security;

/** The service-JWT groups this service checks (docs/internal-apis.md). */
public final class ServiceGroups {

    /** Read participants, keys and mandates. */
    public static final String REGISTRY_READ = "registry.read";
    /** Publish public keys of portal participants; store and read their wrapped private keys (ADR 0042). */
    public static final String REGISTRY_KEYS = "registry.keys";
    /** Operator changes: participants, modules, delivery, keys, mandates; read the audit trail. */
    public static final String REGISTRY_ADMIN = "registry.admin";

    /** Read a push subscriber's valid webhook signing secrets; routing-service only (ADR 0037). */
    public static final String WEBHOOK_SECRETS = "webhook.secrets";

    private ServiceGroups() {
    }
}
