package nl.knooppunt.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code --name value} options, each also readable from the environment as {@code <PREFIX>NAME} (dashes as _). */
public final class Options {

    private Options() {
    }

    /**
     * The options given; the command line wins over the environment.
     *
     * @throws IllegalArgumentException for an option without a value or an argument that is no option
     */
    public static Map<String, String> parse(String[] args, String environmentPrefix) {
        return parse(args, environmentPrefix, System.getenv());
    }

    static Map<String, String> parse(String[] args, String environmentPrefix, Map<String, String> environment) {
        Map<String, String> options = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(environmentPrefix) && !value.isEmpty()) {
                options.put(name.substring(environmentPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '-'),
                        value);
            }
        });
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                options.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }
}
