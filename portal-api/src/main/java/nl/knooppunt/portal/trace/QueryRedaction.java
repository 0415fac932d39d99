package nl.knooppunt.portal.trace;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps query-string values out of the HTTP spans (ADR 0047): the automatic HTTP instrumentation records a server
 * request's {@code url.query} and a client request's {@code url.full}, and a query string can hold a secret (the
 * OIDC code flow's {@code code} and {@code state}, a signed link). Every value is replaced by {@code *} when the span
 * starts, before any exporter sees it; the parameter names stay. A Quarkus-registered {@link SpanProcessor} bean.
 * The same as service-kit's {@code nl.knooppunt.kit.trace.QueryRedaction}: portal-api is not on the kit yet.
 */
@ApplicationScoped
public class QueryRedaction implements SpanProcessor {

    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");
    static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, redactQuery(query));
        }
        for (AttributeKey<String> key : new AttributeKey[] { URL_FULL, HTTP_URL, HTTP_TARGET }) {
            String url = span.getAttribute(key);
            if (url != null && url.indexOf('?') >= 0) {
                span.setAttribute(key, redactUrl(url));
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** {@code a=1&b=x} becomes {@code a=*&b=*}. */
    public static String redactQuery(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            out.append(eq < 0 ? pair : pair.substring(0, eq) + "=*");
        }
        return out.toString();
    }

    /** The URL with every query value replaced by {@code *} (and no fragment). */
    public static String redactUrl(String url) {
        int q = url.indexOf('?');
        String query = url.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        return url.substring(0, q + 1) + redactQuery(query);
    }
}
