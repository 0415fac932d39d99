package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.crypto.CryptoException;
import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * {@code ./knooppunt decrypt --key <private JWK file>}: what a recipient's own system does with what it fetched. Reads
 * from standard input a message as {@code GET /api/v1/inbox/{id}} answers it, a page of {@code GET /api/v1/inbox}
 * with {@code include=content}, or a bare compact JWE, and prints the content in clear: the payload of one message,
 * or {@code [{"id", "payload"}]} for a page. Runs on the recipient's side only; the hub holds no such key.
 */
public final class Decrypt {

    static final String USAGE = "usage: knooppunt decrypt --key <private JWK file> < message.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Decrypt() {
    }

    /** Decrypts standard input with the key; answers the exit code (0, 1 when it cannot open it, 2 on bad use). */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !"--key".equals(args.get(0))) {
            err.println(USAGE);
            return 2;
        }
        PublicJsonWebKey key;
        try {
            key = PublicJsonWebKey.Factory.newPublicJwk(Files.readString(Path.of(args.get(1))));
        } catch (IOException e) {
            err.println("knooppunt decrypt: cannot read the key file " + args.get(1));
            return 2;
        } catch (JoseException e) {
            err.println("knooppunt decrypt: " + args.get(1) + " is not a JWK");
            return 2;
        }
        if (key.getPrivateKey() == null) {
            err.println("knooppunt decrypt: " + args.get(1) + " holds no private key");
            return 2;
        }
        try {
            String input = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            JsonNode result = open(input, key);
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return 0;
        } catch (CryptoException e) {
            err.println("knooppunt decrypt: this key does not open it (" + e.getMessage() + ")");
            return 1;
        } catch (IllegalArgumentException | IOException e) {
            err.println("knooppunt decrypt: " + e.getMessage());
            return 1;
        }
    }

    private static JsonNode open(String input, PublicJsonWebKey key) throws IOException {
        if (!input.startsWith("{")) {
            return JSON.readTree(RecipientCipher.decrypt(input, List.of(key)));
        }
        JsonNode message = JSON.readTree(input);
        if (message.has("encryptedPayload")) {
            return JSON.readTree(RecipientCipher.decrypt(message.get("encryptedPayload").asText(), List.of(key)));
        }
        if (message.path("items").isArray()) {
            ArrayNode page = JSON.createArrayNode();
            for (JsonNode item : message.get("items")) {
                if (!item.has("encryptedPayload")) {
                    throw new IllegalArgumentException("message " + item.path("id").asText() + " carries no "
                            + "encryptedPayload: list with include=content");
                }
                ObjectNode opened = page.addObject();
                opened.put("id", item.path("id").asText());
                opened.set("payload", JSON.readTree(RecipientCipher.decrypt(item.get("encryptedPayload").asText(),
                        List.of(key))));
            }
            return page;
        }
        throw new IllegalArgumentException("the input has no encryptedPayload: fetch with GET /api/v1/inbox/{id}");
    }
}
