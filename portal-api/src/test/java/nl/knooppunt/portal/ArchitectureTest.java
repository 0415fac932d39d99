package nl.knooppunt.portal;

import nl.knooppunt.testsupport.architecture.ServiceArchitectureTest;

/** The house rules (docs/architecture.md, ADR 0045) on portal-api's main classes. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("nl.knooppunt.portal");
    }
}
