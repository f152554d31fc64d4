# syntax=docker/dockerfile:1
# BizCash bot: build with Maven on JDK 21, run on a JRE 21 as a non-root user.
# In production set DATABASE_URL (postgres://user:pass@host:5432/db); without it the container
# starts an embedded PostgreSQL under /data, which is for trying BizCash out only.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Dependencies first, so that code changes reuse the cached layer.
COPY pom.xml .
COPY db/pom.xml db/
COPY webhook/pom.xml webhook/
COPY bot/pom.xml bot/
# The reactor lists bench/ too: its pom must be there to read the project, though it is not built.
COPY bench/pom.xml bench/
RUN mvn -B -ntp -q dependency:go-offline -DexcludeReactor=true || true
COPY db/src db/src
COPY webhook/src webhook/src
COPY bot/src bot/src
RUN mvn -B -ntp -DskipTests -pl bot -am package

FROM eclipse-temurin:21-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system bizcash \
 && useradd --system --gid bizcash --home-dir /app --shell /usr/sbin/nologin bizcash \
 && mkdir -p /app /data \
 && chown bizcash:bizcash /data
WORKDIR /app
COPY --from=build /src/bot/target/bizcash.jar /app/bizcash.jar
USER bizcash
ENV HTTP_PORT=8080 \
    BIZCASH_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${HTTP_PORT}/health" || exit 1
ENTRYPOINT ["java", "-jar", "/app/bizcash.jar"]
