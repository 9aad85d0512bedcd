# syntax=docker/dockerfile:1
# The operator image: docker build -t ghcr.io/northflank-job-operator/northflank-job-operator:0.1.0 .

# Build stage: the same Maven build CI runs, minus the tests (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
# The pom packages the samples into the jar (the demo command applies them).
COPY deploy/samples deploy/samples
# A BuildKit cache for ~/.m2, so a source change does not download every
# dependency again.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

# Runtime stage: a JRE only, no build tools or sources.
FROM eclipse-temurin:17-jre
# A numeric non-root user (65532, as in distroless "nonroot"): Kubernetes'
# runAsNonRoot can only verify a numeric USER.
RUN groupadd --system --gid 65532 nonroot \
 && useradd --system --uid 65532 --gid 65532 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin nonroot
WORKDIR /app
COPY --from=build /src/target/northflank-job-operator.jar /app/northflank-job-operator.jar
USER 65532:65532
# /metrics, /healthz and /readyz
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/northflank-job-operator.jar"]
CMD ["run"]
