# render-gateway container image. Build the jar first (mvn -q -DskipTests package), then:
#   docker build -t render-gateway:0.1.0 .
# Without a Docker daemon, use the jib profile instead (see docs/deploy.md).
FROM eclipse-temurin:17-jre

# curl for the health check only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home gateway

COPY gateway-server/target/render-gateway.jar /app/render-gateway.jar

USER 10001
EXPOSE 8080
ENV GATEWAY_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# Readiness answers 503 while the gateway drains or cannot reach its store.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:${GATEWAY_PORT}/health/ready > /dev/null || exit 1

# SIGTERM drains (GATEWAY_DRAIN_TIMEOUT, 20 s by default): stop with a longer grace, e.g. docker stop -t 30.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/app/render-gateway.jar"]
