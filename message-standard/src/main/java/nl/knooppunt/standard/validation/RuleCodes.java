package nl.knooppunt.standard.validation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stable codes of the field and attachment rules of the standard (schema violations use {@code schema.<keyword>}). */
public final class RuleCodes {

    /** A BSN that does not pass the eleven test (elfproef). */
    public static final String BSN = "field.bsn";
    /** An IBAN with a wrong format or wrong check digits (mod 97). */
    public static final String IBAN = "field.iban";
    /** An OIN that is not 20 digits. */
    public static final String OIN = "field.oin";
    /** A KvK number that is not 8 digits. */
    public static final String KVK = "field.kvk";
    /** A Dutch postcode that is not four digits (no leading 0), an optional space and two capitals (not SA, SD, SS). */
    public static final String POSTCODE = "field.postcode";
    /** An amount in cents below zero. */
    public static final String AMOUNT_NEGATIVE = "field.amount-negative";
    /** An amount in cents above {@link FieldRules#MAX_CENTS}. */
    public static final String AMOUNT_TOO_LARGE = "field.amount-too-large";
    /** A total that is not the sum of its parts. */
    public static final String TOTAL_MISMATCH = "field.total-mismatch";
    /** A date that cannot lie in the future (birth date, reference date, court decision) does. */
    public static final String DATE_IN_FUTURE = "field.date-in-future";
    /** A date before 1900 or after 2199. */
    public static final String DATE_IMPLAUSIBLE = "field.date-implausible";
    /** A period whose end date is not after its start date. */
    public static final String PERIOD_END_BEFORE_START = "field.period-end-before-start";
    /** An attachment whose content is not valid base64. */
    public static final String ATTACHMENT_NOT_BASE64 = "attachment.not-base64";
    /** An attachment whose content is not a PDF (checked by its first bytes, not by its name). */
    public static final String ATTACHMENT_NOT_PDF = "attachment.not-pdf";
    /** An attachment larger than {@link AttachmentRules#MAX_BYTES}. */
    public static final String ATTACHMENT_TOO_LARGE = "attachment.too-large";
    /** Attachments together larger than {@link AttachmentRules#MAX_TOTAL_BYTES}. */
    public static final String ATTACHMENTS_TOO_LARGE = "attachment.total-too-large";
    /** An attachment name that is not a plain file name ending in .pdf. */
    public static final String ATTACHMENT_UNSAFE_NAME = "attachment.unsafe-name";
    /** A required attachment (consent, court order) is missing for this kind of sender. */
    public static final String ATTACHMENT_REQUIRED = "attachment.required";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(BSN, "the BSN does not pass the eleven test");
        DESCRIPTIONS.put(IBAN, "the IBAN has a wrong format or wrong check digits");
        DESCRIPTIONS.put(OIN, "the OIN is not 20 digits");
        DESCRIPTIONS.put(KVK, "the KvK number is not 8 digits");
        DESCRIPTIONS.put(POSTCODE, "the postcode is not a Dutch postcode");
        DESCRIPTIONS.put(AMOUNT_NEGATIVE, "an amount in cents is negative");
        DESCRIPTIONS.put(AMOUNT_TOO_LARGE, "an amount in cents is above the maximum");
        DESCRIPTIONS.put(TOTAL_MISMATCH, "a total is not the sum of its parts");
        DESCRIPTIONS.put(DATE_IN_FUTURE, "a date that cannot lie in the future does");
        DESCRIPTIONS.put(DATE_IMPLAUSIBLE, "a date lies before 1900 or after 2199");
        DESCRIPTIONS.put(PERIOD_END_BEFORE_START, "a period ends on or before its start");
        DESCRIPTIONS.put(ATTACHMENT_NOT_BASE64, "the attachment content is not base64");
        DESCRIPTIONS.put(ATTACHMENT_NOT_PDF, "the attachment is not a PDF");
        DESCRIPTIONS.put(ATTACHMENT_TOO_LARGE, "the attachment is too large");
        DESCRIPTIONS.put(ATTACHMENTS_TOO_LARGE, "the attachments together are too large");
        DESCRIPTIONS.put(ATTACHMENT_UNSAFE_NAME, "the attachment name is not a safe PDF file name");
        DESCRIPTIONS.put(ATTACHMENT_REQUIRED, "an attachment this sender must include is missing");
    }

    private RuleCodes() {
    }

    /** Every code of this class with a one-line description, in a stable order. */
    public static Map<String, String> all() {
        return Map.copyOf(DESCRIPTIONS);
    }
}
