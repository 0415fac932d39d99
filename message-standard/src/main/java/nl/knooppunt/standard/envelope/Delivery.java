package nl.knooppunt.standard.envelope;

/**
 * A validated message on its way from validation-service to routing-service.
 *
 * @param envelope  the metadata
 * @param payload   the payload as compact JWE encrypted to the recipient's public key
 * @param assertion validation-service's signed envelope assertion (compact JWS)
 */
public record Delivery(Envelope envelope, String payload, String assertion) {
}
