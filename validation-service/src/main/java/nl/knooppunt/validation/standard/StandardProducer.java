package nl.knooppunt.validation.standard;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.validation.PayloadValidator;

/** Makes the standard library's catalogue and schema validator injectable. */
public class StandardProducer {

    @Produces
    @Singleton
    Catalogue catalogue() {
        return Catalogue.standard();
    }

    @Produces
    @Singleton
    PayloadValidator payloadValidator() {
        return new PayloadValidator();
    }
}
