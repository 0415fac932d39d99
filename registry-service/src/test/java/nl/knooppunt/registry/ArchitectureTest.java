package nl.knooppunt.registry;

import nl.knooppunt.testsupport.architecture.ServiceArchitectureTest;

/** The house rules (docs/architecture.md, ADR 0045) on registry-service's main classes. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("nl.knooppunt.registry");
    }
}
