package nl.knooppunt.portal.operator;

import java.util.Set;

import jakarta.inject.Singleton;
import nl.knooppunt.kit.token.ServiceTokenHeaders;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds portal-api's service JWT with the operator groups to every operator call to registry-service. */
@Singleton
public class OperatorTokenHeaders extends ServiceTokenHeaders {

    /** Groups an operator call carries. */
    static final Set<String> GROUPS = Set.of("registry.read", "registry.admin");

    public OperatorTokenHeaders(ServiceTokens tokens) {
        super(tokens, "registry-service", GROUPS);
    }
}
