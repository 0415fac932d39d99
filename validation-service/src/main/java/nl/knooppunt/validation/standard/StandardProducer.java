package nl.knooppunt.validation.standard;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.validation.PayloadValidator;

/** Makes the standard library's catalogue and validators injectable. */
public class StandardProducer {

    @Produces
    @Singleton
    Catalogue catalogue() {
        return Catalogue.standard();
    }

    @Produces
    @Singleton
    MessageValidator messageValidator() {
        return new MessageValidator(new PayloadValidator(), Clock.system(MessageValidator.ZONE));
    }

    @Produces
    @Singleton
    RecentAnswers recentAnswers() {
        return new RecentAnswers(Clock.systemUTC());
    }
}
