package dev.rendergateway.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.webhooks.Delivery;
import dev.rendergateway.core.webhooks.DeliveryAttempt;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A caller-webhook delivery as Redis keeps it: the whole record, attempts and trace context included, as JSON; a
 * record written before deliveries kept their trace reads back with none.
 */
public final class DeliveryCodec {

    private final ObjectMapper mapper = RecordJson.mapper();

    public DeliveryCodec() {
        // Build the (de)serializers now, not under Jackson's lock on the first event loop that needs them.
        Delivery sample = Delivery.pending("msg_warmup", "r_warmup", "t", "https://example.com/", "render.done",
                "{}", Instant.EPOCH).withTrace(RecordJson.WARMUP_TRACE);
        decode(encode(sample.after(new DeliveryAttempt(1, Instant.EPOCH, 1, 500, null, "retry"),
                sample.state(), Instant.EPOCH)));
    }

    public String encode(Delivery delivery) {
        try {
            return mapper.writeValueAsString(delivery);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Delivery decode(String json) {
        try {
            return mapper.readValue(json, Delivery.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
