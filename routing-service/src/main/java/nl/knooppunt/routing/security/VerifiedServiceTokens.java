package nl.knooppunt.routing.security;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Puts a {@link TokenMemory} in front of smallrye-jwt's parser, so a service JWT presented again (portal-api reuses
 * its token for a minute) costs a map lookup instead of an ES256 verification on every internal call.
 */
@Decorator
@Priority(10)
public abstract class VerifiedServiceTokens implements JWTParser {

    private final JWTParser delegate;
    private final TokenMemory memory = new TokenMemory(Clock.systemUTC());

    @Inject
    public VerifiedServiceTokens(@Delegate @Any JWTParser delegate) {
        this.delegate = delegate;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return memory.parse(token, delegate::parse);
    }
}
