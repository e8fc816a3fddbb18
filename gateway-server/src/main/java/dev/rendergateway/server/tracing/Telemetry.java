package dev.rendergateway.server.tracing;

import dev.rendergateway.core.GatewayVersion;
import dev.rendergateway.core.tracing.ClientSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's OpenTelemetry SDK, one per instance (never the global one): W3C Trace Context propagation and
 * spans always, so that ids are minted and passed on; an OTLP/HTTP exporter behind a batch processor only when
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is configured. Without it spans go to {@link KeepNothing}: nothing is
 * exported, no exporter thread starts and no connection is attempted.
 */
public final class Telemetry implements AutoCloseable {

    private static final String SCOPE = "dev.rendergateway";

    private final OpenTelemetrySdk sdk;
    private final boolean exporting;

    private Telemetry(OpenTelemetrySdk sdk, boolean exporting) {
        this.sdk = sdk;
        this.exporting = exporting;
    }

    /** Spans exported to {@code otlpEndpoint} (the collector's base URL), or nowhere when it is empty. */
    public static Telemetry create(Optional<URI> otlpEndpoint) {
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "render-gateway",
                        AttributeKey.stringKey("service.version"), GatewayVersion.version()))))
                // A caller that chose not to sample keeps its choice; new traces are all sampled.
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()));
        tracing.addSpanProcessor(otlpEndpoint.<SpanProcessor>map(endpoint -> BatchSpanProcessor.builder(
                OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl(endpoint)).build()).build())
                .orElse(KeepNothing.INSTANCE));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Telemetry(sdk, otlpEndpoint.isPresent());
    }

    /** The signal path under the base URL, as the OTLP exporter specification builds it from the variable. */
    static String tracesUrl(URI endpoint) {
        String base = endpoint.toString();
        return (base.endsWith("/") ? base : base + "/") + "v1/traces";
    }

    /** Whether spans leave the process. */
    public boolean exporting() {
        return exporting;
    }

    /** Client spans for outgoing calls (upstream, webhooks). */
    public ClientSpans clientSpans() {
        return new ClientSpans(sdk, SCOPE);
    }

    /** Server spans for incoming requests: recorded while spans are exported, otherwise propagated only. */
    public ServerSpans serverSpans() {
        return new ServerSpans(sdk.getTracer(SCOPE), exporting);
    }

    /** Exports what is still batched (waiting at most 5 s; never called on an event loop), then stops. */
    @Override
    public void close() {
        sdk.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
    }
}
