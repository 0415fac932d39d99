package nl.knooppunt.registry.participant.repository;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A mandate: the OIDC client {@code clientId} may act for the participant. */
@Entity
@Table(name = "api_client")
@IdClass(ApiClientEntity.Key.class)
public class ApiClientEntity {

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Id
    @Column(name = "participant_id")
    public UUID participantId;

    /** Primary key: client and participant. */
    public static class Key implements Serializable {

        public String clientId;
        public UUID participantId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(clientId, key.clientId)
                    && Objects.equals(participantId, key.participantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientId, participantId);
        }
    }
}
