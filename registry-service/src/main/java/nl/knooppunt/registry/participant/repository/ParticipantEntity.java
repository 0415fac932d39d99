package nl.knooppunt.registry.participant.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import nl.knooppunt.standard.catalogue.ParticipantKind;

/** A participant of the hub: an organisation identified by its OIN. */
@Entity
@Table(name = "participant")
public class ParticipantEntity {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true, length = 20)
    public String oin;

    @Column(nullable = false, length = 8)
    public String kvk;

    @Column(name = "kvk_branch", length = 12)
    public String kvkBranch;

    @Column(nullable = false)
    public String name;

    @Convert(converter = ParticipantKindConverter.class)
    @Column(nullable = false)
    public ParticipantKind kind;

    public String sector;

    @Convert(converter = ParticipantStatusConverter.class)
    @Column(nullable = false)
    public ParticipantStatus status;

    @Column(name = "contact_email")
    public String contactEmail;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
