package nl.knooppunt.kit.token;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The groups of the service JWT that {@link ServiceTokenFilter} sends with a REST client's call: on a method for that
 * endpoint, on the client interface for every method without its own.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface TokenGroups {

    /** The groups, e.g. {@code registry.read}. */
    String[] value();
}
