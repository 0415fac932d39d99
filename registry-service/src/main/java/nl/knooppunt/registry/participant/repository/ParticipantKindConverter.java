package nl.knooppunt.registry.participant.repository;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import nl.knooppunt.standard.catalogue.ParticipantKind;

/** Stores a {@link ParticipantKind} by its API name, e.g. {@code counsellor-phase-1}. */
@Converter
public class ParticipantKindConverter implements AttributeConverter<ParticipantKind, String> {

    @Override
    public String convertToDatabaseColumn(ParticipantKind kind) {
        return kind == null ? null : kind.apiName();
    }

    @Override
    public ParticipantKind convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        return ParticipantKind.fromApiName(value)
                .orElseThrow(() -> new IllegalStateException("unknown participant kind in the database: " + value));
    }
}
