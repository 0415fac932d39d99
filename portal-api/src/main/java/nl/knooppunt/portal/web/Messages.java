package nl.knooppunt.portal.web;

import nl.knooppunt.standard.envelope.Violation;

/** Dutch text for the violations of the standard, shown next to the fields in the portal. */
final class Messages {

    private Messages() {
    }

    /** The Dutch message of a violation; the standard's own message for codes without a translation. */
    static String of(Violation violation) {
        return switch (violation.code()) {
            case "schema.required" -> "Dit veld is verplicht.";
            case "schema.pattern" -> "Dit veld heeft niet de juiste vorm.";
            case "schema.type" -> "Deze waarde heeft niet het juiste type (bijvoorbeeld een getal).";
            case "schema.format" -> "Deze waarde is niet geldig (bijvoorbeeld een datum als JJJJ-MM-DD).";
            case "schema.enum" -> "Kies een van de toegestane waarden.";
            case "schema.minLength" -> "Deze waarde is te kort.";
            case "schema.maxLength" -> "Deze waarde is te lang.";
            case "schema.minimum", "schema.exclusiveMinimum" -> "Deze waarde is te klein.";
            case "schema.maximum", "schema.exclusiveMaximum" -> "Deze waarde is te groot.";
            case "field.bsn" -> "Dit is geen geldig burgerservicenummer: 9 cijfers die de elfproef doorstaan.";
            case "field.postcode" -> "Dit is geen geldige postcode, bijvoorbeeld 1234 AB.";
            case "field.iban" -> "Dit is geen geldig IBAN.";
            case "field.kvk" -> "Dit is geen geldig KvK-nummer.";
            case "field.oin" -> "Dit is geen geldig OIN.";
            case "field.date-in-future" -> "Deze datum mag niet in de toekomst liggen.";
            case "field.date-implausible" -> "Deze datum is niet aannemelijk.";
            case "field.amount-negative" -> "Een bedrag mag niet negatief zijn.";
            case "field.amount-too-large" -> "Dit bedrag is te groot.";
            case "field.total-mismatch" -> "Het totaal klopt niet met de som van de bedragen.";
            case "field.period-end-before-start" -> "Het einde ligt voor het begin.";
            default -> violation.message();
        };
    }
}
