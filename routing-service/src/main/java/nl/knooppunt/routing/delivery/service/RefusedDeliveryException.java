package nl.knooppunt.routing.delivery.service;

/** A delivery record the routing refuses to store; the reason code is safe to log, count and put in headers. */
public class RefusedDeliveryException extends Exception {

    /** The record's value is not a parseable {@code Delivery} or its envelope fields are missing or malformed. */
    public static final String RECORD_MALFORMED = "record.malformed";
    /** The payload is not a compact JWE. */
    public static final String PAYLOAD_MALFORMED = "payload.malformed";
    /** The database refuses the record's data (a data or integrity error, not an outage). */
    public static final String RECORD_UNSTORABLE = "record.unstorable";

    private final String reason;

    public RefusedDeliveryException(String reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
