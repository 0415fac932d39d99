package nl.knooppunt.portal.downstream.registry;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A participant as registry-service returns it on its internal API. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryParticipant(String id, String oin, String kvk, String name, String kind, String sector,
        String status, List<String> modules, List<String> keyIds, List<Map<String, Object>> keys,
        Boolean simulated) {
}
