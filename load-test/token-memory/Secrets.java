import java.nio.file.Path;
import java.util.List;

import nl.knooppunt.standard.crypto.HubSecrets;

/** Writes the hub's key files into the directory given, for running portal-api alone in run.sh. */
public class Secrets {
    public static void main(String[] args) {
        HubSecrets.generateIfMissing(Path.of(args[0]));
    }
}
