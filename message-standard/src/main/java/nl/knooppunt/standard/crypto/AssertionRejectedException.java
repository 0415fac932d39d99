package nl.knooppunt.standard.crypto;

/** An envelope assertion was refused; the reason is safe to log and count. */
public class AssertionRejectedException extends Exception {

    /** Why the assertion was refused. */
    public enum Reason {
        MISSING, INVALID, EXPIRED, MISMATCH;

        public String code() {
            return "assertion." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public AssertionRejectedException(Reason reason) {
        super("envelope assertion refused: " + reason.code());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
