package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakRealmTest {

    @TempDir
    Path home;

    @Test
    void realmIsInstalledForImport() throws Exception {
        assertFalse(Keycloak.installRealm(home));

        JsonNode realm = new ObjectMapper().readTree(home.resolve("data/import/knooppunt-realm.json").toFile());
        assertEquals("knooppunt", realm.path("realm").asText());
        assertEquals(300, realm.path("accessTokenLifespan").asInt());
    }

    @Test
    void unchangedRealmKeepsKeycloaksDatabase() throws Exception {
        Keycloak.installRealm(home);
        Path database = Files.createDirectories(home.resolve("data/h2")).resolve("keycloakdb.mv.db");
        Files.writeString(database, "users and sessions");

        assertFalse(Keycloak.installRealm(home));
        assertTrue(Files.exists(database));
    }

    @Test
    void changedRealmResetsKeycloaksDatabaseSoItIsImportedAgain() throws Exception {
        Keycloak.installRealm(home);
        Files.writeString(home.resolve("data/import/knooppunt-realm.json"), "{\"realm\":\"older\"}");
        Path database = Files.createDirectories(home.resolve("data/h2")).resolve("keycloakdb.mv.db");
        Files.writeString(database, "the older realm");

        assertTrue(Keycloak.installRealm(home));
        assertFalse(Files.exists(database));
        assertTrue(Files.readString(home.resolve("data/import/knooppunt-realm.json")).contains("demo-gemeente"));
    }
}
