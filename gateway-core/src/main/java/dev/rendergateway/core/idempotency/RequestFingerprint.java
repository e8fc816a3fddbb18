package dev.rendergateway.core.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a request body for idempotency: the SHA-256 of its JSON with object members in sorted order,
 * so that the same body sent again with its members in another order (or other white space) matches.
 */
public final class RequestFingerprint {

    private final ObjectWriter canonical;

    public RequestFingerprint(ObjectMapper mapper) {
        this.canonical = mapper.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    }

    public String of(JsonNode body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.writeValueAsBytes(body)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a JSON body", e);
        }
    }
}
