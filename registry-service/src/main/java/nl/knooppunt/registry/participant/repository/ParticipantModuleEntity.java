package nl.knooppunt.registry.participant.repository;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A module of the standard switched on for a participant. */
@Entity
@Table(name = "participant_module")
@IdClass(ParticipantModuleEntity.Key.class)
public class ParticipantModuleEntity {

    @Id
    @Column(name = "participant_id")
    public UUID participantId;

    @Id
    public String module;

    @Column(name = "enabled_by", nullable = false)
    public String enabledBy;

    @Column(name = "enabled_at", nullable = false)
    public OffsetDateTime enabledAt;

    /** Primary key: participant and module. */
    public static class Key implements Serializable {

        public UUID participantId;
        public String module;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(participantId, key.participantId)
                    && Objects.equals(module, key.module);
        }

        @Override
        public int hashCode() {
            return Objects.hash(participantId, module);
        }
    }
}
