package nl.knooppunt.registry.participant.repository;

/**
 * What a directory search looks for; every non-null field narrows the result.
 *
 * @param q      name fragment (case-insensitive), or exact OIN or KvK number
 * @param name   name fragment (case-insensitive)
 * @param oin    exact OIN
 * @param kvk    exact KvK number
 * @param kind   kind API name
 * @param module a module switched on
 * @param status status API name
 */
public record ParticipantFilter(String q, String name, String oin, String kvk, String kind, String module,
        String status) {

    /** No filter: every participant. */
    public static final ParticipantFilter ALL = new ParticipantFilter(null, null, null, null, null, null, null);

    /** Only the combined text search. */
    public static ParticipantFilter text(String q) {
        return new ParticipantFilter(q, null, null, null, null, null, null);
    }
}
