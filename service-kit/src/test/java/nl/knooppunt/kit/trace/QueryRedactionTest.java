package nl.knooppunt.kit.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/** Query-string values never reach a span (ADR 0047). */
class QueryRedactionTest {

    @Test
    void everyQueryValueBecomesAStarAndTheNamesStay() {
        assertEquals("code=*&state=*", QueryRedaction.redactQuery("code=abc.def&state=xyz"));
        assertEquals("flag&after=*&empty=*", QueryRedaction.redactQuery("flag&after=123&empty="));
        assertEquals("https://receiver.example/hook?token=*",
                QueryRedaction.redactUrl("https://receiver.example/hook?token=s3cr3t#fragment"));
    }

    @Test
    void theProcessorRedactsServerAndClientSpansWhenTheyStart() {
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new QueryRedaction()).build()) {
            Span server = provider.get("test").spanBuilder("GET /portal").setParent(Context.root())
                    .setAttribute("url.query", "code=secret-code&state=s").setAttribute("url.path", "/portal")
                    .startSpan();
            Span client = provider.get("test").spanBuilder("POST").setParent(Context.root())
                    .setAttribute("url.full", "https://receiver.example/hook?sig=secret").startSpan();
            Span plain = provider.get("test").spanBuilder("GET").setParent(Context.root())
                    .setAttribute("url.full", "http://routing-service:8082/internal/v1/x").startSpan();
            assertEquals("code=*&state=*", ((ReadableSpan) server).getAttribute(QueryRedaction.URL_QUERY));
            assertEquals("/portal", ((ReadableSpan) server).getAttribute(
                    io.opentelemetry.api.common.AttributeKey.stringKey("url.path")));
            assertEquals("https://receiver.example/hook?sig=*",
                    ((ReadableSpan) client).getAttribute(QueryRedaction.URL_FULL));
            assertEquals("http://routing-service:8082/internal/v1/x",
                    ((ReadableSpan) plain).getAttribute(QueryRedaction.URL_FULL));
            assertNull(((ReadableSpan) plain).getAttribute(QueryRedaction.URL_QUERY));
            server.end();
            client.end();
            plain.end();
        }
    }
}
