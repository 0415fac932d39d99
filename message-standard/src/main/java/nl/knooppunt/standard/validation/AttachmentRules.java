package nl.knooppunt.standard.validation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Rules for the attachments of a message. Attachments travel inside the payload, in {@code bijlagen}, so they are
 * encrypted like the rest of it: each has a {@code soort}, a file {@code naam}, {@code mediaType}
 * {@code application/pdf} and the base64 {@code inhoud}. Each must be a PDF by content (it starts with
 * {@code %PDF-}, whatever its name says), at most {@value #MAX_BYTES} bytes, together at most
 * {@value #MAX_TOTAL_BYTES} bytes, with a plain file name; and a sender of a kind the message type names must attach
 * the kinds of attachment it requires (an other counsellor the client's consent, an administrator the court order).
 */
public final class AttachmentRules {

    /** Largest attachment: 256 KiB. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Largest total of all attachments of one message: 384 KiB (the message must still fit one Kafka record). */
    public static final int MAX_TOTAL_BYTES = 384 * 1024;
    /** Field of the payload that holds the attachments. */
    public static final String FIELD = "bijlagen";

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._()-]{0,94}\\.[Pp][Dd][Ff]");
    private static final int MAX_BASE64_CHARS = (MAX_BYTES + 2) / 3 * 4;

    /** Adds every attachment violation of the payload to {@code violations}; the sender kind may be null. */
    public void check(MessageType type, JsonNode payload, ParticipantKind senderKind, List<Violation> violations) {
        JsonNode attachments = payload.get(FIELD);
        Set<String> kinds = new HashSet<>();
        if (attachments != null && attachments.isArray()) {
            long total = 0;
            for (int i = 0; i < attachments.size(); i++) {
                JsonNode attachment = attachments.get(i);
                if (!attachment.isObject()) {
                    continue;
                }
                String pointer = "/" + FIELD + "/" + i;
                JsonNode kind = attachment.get("soort");
                if (kind != null && kind.isTextual()) {
                    kinds.add(kind.textValue());
                }
                name(attachment.get("naam"), pointer + "/naam", violations);
                total += content(attachment.get("inhoud"), pointer + "/inhoud", violations);
            }
            if (total > MAX_TOTAL_BYTES) {
                violations.add(new Violation(RuleCodes.ATTACHMENTS_TOO_LARGE, "/" + FIELD,
                        "attachments must together be at most " + MAX_TOTAL_BYTES + " bytes"));
            }
        }
        for (String required : type.requiredAttachmentsFor(senderKind)) {
            if (!kinds.contains(required)) {
                violations.add(new Violation(RuleCodes.ATTACHMENT_REQUIRED, "/" + FIELD,
                        "a " + type.type() + " from a participant of kind " + senderKind.apiName()
                                + " must have an attachment of soort " + required));
            }
        }
    }

    private static void name(JsonNode name, String pointer, List<Violation> violations) {
        if (name == null || !name.isTextual()) {
            return;
        }
        String text = name.textValue();
        if (!SAFE_NAME.matcher(text).matches() || text.contains("..")) {
            violations.add(new Violation(RuleCodes.ATTACHMENT_UNSAFE_NAME, pointer,
                    "must be a plain file name (letters, digits, space . _ - ( )) ending in .pdf"));
        }
    }

    /** Checks one attachment's content; answers its size in bytes (an estimate when it is too large to decode). */
    private static long content(JsonNode content, String pointer, List<Violation> violations) {
        if (content == null || !content.isTextual()) {
            return 0;
        }
        String text = content.textValue();
        if (text.length() > MAX_BASE64_CHARS + 4) {
            violations.add(tooLarge(pointer));
            return text.length() / 4L * 3;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(RuleCodes.ATTACHMENT_NOT_BASE64, pointer,
                    "must be base64 (RFC 4648, with padding)"));
            return 0;
        }
        if (bytes.length > MAX_BYTES) {
            violations.add(tooLarge(pointer));
        }
        if (bytes.length < PDF_MAGIC.length
                || !Arrays.equals(bytes, 0, PDF_MAGIC.length, PDF_MAGIC, 0, PDF_MAGIC.length)) {
            violations.add(new Violation(RuleCodes.ATTACHMENT_NOT_PDF, pointer, "must be a PDF document"));
        }
        return bytes.length;
    }

    private static Violation tooLarge(String pointer) {
        return new Violation(RuleCodes.ATTACHMENT_TOO_LARGE, pointer,
                "must be at most " + MAX_BYTES + " bytes");
    }
}
