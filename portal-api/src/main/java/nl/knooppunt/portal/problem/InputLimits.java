package nl.knooppunt.portal.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on the shape of JSON request bodies (the size limit is {@code quarkus.http.limits.max-body-size}). */
@ConfigMapping(prefix = "knooppunt.input")
public interface InputLimits {

    /** Deepest nesting of arrays and objects accepted in a JSON body; the standard's messages need under 10. */
    @WithDefault("32")
    int maxNestingDepth();

    /** Longest JSON string value read, in characters (also bounds encrypted payloads read from routing-service). */
    @WithDefault("1000000")
    int maxStringLength();

    /** Longest JSON number accepted, in characters. */
    @WithDefault("40")
    int maxNumberLength();

    /** Longest field name accepted, in characters. */
    @WithDefault("256")
    int maxNameLength();
}
