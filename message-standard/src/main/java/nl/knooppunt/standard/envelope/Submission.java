package nl.knooppunt.standard.envelope;

/**
 * A submission on its way from portal-api to validation-service.
 *
 * @param envelope  the metadata
 * @param payload   the payload as compact JWE encrypted with the transit key ring
 * @param assertion portal-api's signed envelope assertion (compact JWS)
 */
public record Submission(Envelope envelope, String payload, String assertion) {
}
