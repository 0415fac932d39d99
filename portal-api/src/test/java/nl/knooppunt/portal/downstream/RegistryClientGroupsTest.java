package nl.knooppunt.portal.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import nl.knooppunt.kit.token.TokenGroups;
import nl.knooppunt.portal.downstream.registry.RegistryClient;

/**
 * The service-token groups each registry call asks for, checked where they are declared: every change the operator
 * API passes on carries {@code registry.admin} (the registry answers 403 otherwise); only publishing a public key and
 * storing a wrapped key, which portal users' browsers do, go with {@code registry.keys}.
 */
class RegistryClientGroupsTest {

    private static final Set<String> KEY_PATHS = Set.of("/participants/{id}/keys/{kid}",
            "/participants/{id}/wrapped-keys/{kid}");

    @Test
    void everyChangeOutsideTheKeysCarriesTheAdminGroup() {
        List<String> wrong = new ArrayList<>();
        int changes = 0;
        for (Method method : RegistryClient.class.getDeclaredMethods()) {
            boolean change = method.isAnnotationPresent(PUT.class) || method.isAnnotationPresent(POST.class)
                    || method.isAnnotationPresent(DELETE.class);
            if (!change) {
                continue;
            }
            changes++;
            String path = method.getAnnotation(Path.class).value();
            List<String> groups = groupsOf(method);
            boolean userKey = KEY_PATHS.contains(path) && !method.isAnnotationPresent(DELETE.class);
            String needed = userKey ? "registry.keys" : "registry.admin";
            if (!groups.contains(needed)) {
                wrong.add(method.getName() + " " + path + " asks for " + groups + ", needs " + needed);
            }
        }
        assertTrue(changes >= 10, "the registry's changes were found: " + changes);
        assertEquals(List.of(), wrong);
    }

    private static List<String> groupsOf(Method method) {
        TokenGroups groups = method.getAnnotation(TokenGroups.class);
        if (groups == null) {
            groups = method.getDeclaringClass().getAnnotation(TokenGroups.class);
        }
        return groups == null ? List.of() : Arrays.asList(groups.value());
    }
}
