package nl.knooppunt.kit.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** One client per downstream service: each method's call carries the groups it asks for, else its interface's. */
class ServiceTokenFilterTest {

    @TokenGroups({ "registry.read", "registry.keys" })
    interface Client {
        void read();

        @TokenGroups({ "registry.read", "registry.admin" })
        void change();
    }

    interface Bare {
        void call();
    }

    @Test
    void aMethodWithoutItsOwnGroupsTakesItsInterfacesAndOneWithThemOnlyItsOwn() throws Exception {
        assertEquals(Set.of("registry.read", "registry.keys"),
                ServiceTokenFilter.groups(Client.class.getMethod("read")));
        assertEquals(Set.of("registry.read", "registry.admin"),
                ServiceTokenFilter.groups(Client.class.getMethod("change")));
    }

    @Test
    void aClientWithoutGroupsOrWithoutTheCalledMethodIsRefused() throws Exception {
        assertThrows(IllegalStateException.class, () -> ServiceTokenFilter.groups(Bare.class.getMethod("call")));
        assertThrows(IllegalStateException.class, () -> ServiceTokenFilter.groups(null));
    }
}
