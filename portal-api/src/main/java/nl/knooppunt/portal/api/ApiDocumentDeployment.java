package nl.knooppunt.portal.api;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Names this deployment's token URL in the served OpenAPI document: {@value #TOKEN_URL}
 * ({@code PortalConfig.ApiDocument#tokenUrl()}, read by name: SmallRye creates OpenAPI filters outside CDI).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiDocumentDeployment implements OASFilter {

    /** The property naming the token URL of the OAuth2 client-credentials flow. */
    static final String TOKEN_URL = "knooppunt.api-document.token-url";
    /** The name of the security scheme in META-INF/openapi.yaml. */
    static final String SCHEME = "oauth2";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        SecurityScheme scheme = openAPI.getComponents() == null || openAPI.getComponents().getSecuritySchemes() == null
                ? null : openAPI.getComponents().getSecuritySchemes().get(SCHEME);
        OAuthFlow clientCredentials = scheme == null || scheme.getFlows() == null ? null
                : scheme.getFlows().getClientCredentials();
        if (clientCredentials != null) {
            ConfigProvider.getConfig().getOptionalValue(TOKEN_URL, String.class)
                    .ifPresent(clientCredentials::setTokenUrl);
        }
    }
}
