package nl.knooppunt.registry.key.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A participant's public encryption key; its {@code kid} is unique across the hub and names one JWK forever. */
@Entity
@Table(name = "participant_key")
public class ParticipantKeyEntity {

    @Id
    public String kid;

    @Column(name = "participant_id", nullable = false)
    public UUID participantId;

    /** The public JWK as JSON, in the canonical form {@code PublicKeyPolicy} produces. */
    @Column(nullable = false)
    public String jwk;

    @Column(name = "key_use", nullable = false)
    public String keyUse;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "not_after")
    public OffsetDateTime notAfter;
}
