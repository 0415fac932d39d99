package nl.knooppunt.registry.participant.repository;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link ParticipantStatus} by its API name. */
@Converter
public class ParticipantStatusConverter implements AttributeConverter<ParticipantStatus, String> {

    @Override
    public String convertToDatabaseColumn(ParticipantStatus status) {
        return status == null ? null : status.apiName();
    }

    @Override
    public ParticipantStatus convertToEntityAttribute(String value) {
        return value == null ? null : ParticipantStatus.fromApiName(value);
    }
}
